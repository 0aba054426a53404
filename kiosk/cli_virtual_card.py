"""``kiosk card virtual``: put the virtual test card in a virtual reader, or take it out.

For demonstrations and trials on a machine without a card reader: the card runs in the
background (its state in the data dir, so a card taken out and put back is the same card)
and connects to the vpcd driver of the running pcscd.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.hardware.pcscd_service import PcscdUnavailable, vpcd_port
from kiosk.hardware.virtual_card import insert_detached, remove_detached

VIRTUAL_DIR = "virtual-cards"


def _pid_file(data_dir: Path, slot: int) -> Path:
    return data_dir / VIRTUAL_DIR / f"reader-{slot}.pid"


def cmd_virtual(args: argparse.Namespace, data_dir: Path) -> int:
    """Insert or remove the virtual card of reader ``--slot``."""
    pid_file = _pid_file(data_dir, args.slot)
    if args.remove:
        if remove_detached(pid_file):
            print(f"Carte virtuelle retirée du lecteur {args.slot}.")
        else:
            print(f"Aucune carte virtuelle dans le lecteur {args.slot}.")
        return 0
    try:
        port = args.port if args.port is not None else vpcd_port() + args.slot
    except PcscdUnavailable as exc:
        print(f"Le service des cartes (pcscd) n'est pas prêt : {exc}", file=sys.stderr)
        return 1
    state = args.state or data_dir / VIRTUAL_DIR / "carte.json"
    state.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        pid = insert_detached(state, port, pid_file)
    except (RuntimeError, TimeoutError) as exc:
        print(f"Impossible d'insérer la carte virtuelle : {exc}", file=sys.stderr)
        return 1
    print(f"Carte virtuelle insérée dans le lecteur {args.slot} (processus {pid}, état {state}).")
    return 0


def add_virtual(card: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk card virtual`` under ``kiosk card``."""
    virtual = card.add_parser("virtual", help="carte virtuelle (démonstration, essais)")
    action = virtual.add_mutually_exclusive_group(required=True)
    action.add_argument("--insert", action="store_true", help="insérer la carte")
    action.add_argument("--remove", action="store_true", help="retirer la carte")
    virtual.add_argument("--state", type=Path, default=None, help="fichier d'état de la carte")
    virtual.add_argument("--slot", type=int, choices=(0, 1), default=0, help="lecteur virtuel")
    virtual.add_argument("--port", type=int, default=None, help="port vpcd (sinon celui de pcscd)")
    virtual.set_defaults(card_func=cmd_virtual)
