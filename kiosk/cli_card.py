"""``kiosk card ...``: the technician's and agent's card tools (issue, revoke, reissue, unblock).

The station's card authority key lives in ``<data dir>/authority`` (0600, technician only);
the public trust material every station caches is in ``<data dir>/trust``. A register of
issued cards (card number, random holder id, certificate serials: no name) lets a lost card
be revoked by its printed number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import CardAuthority, save_trust
from kiosk.auth.identity import HolderRole
from kiosk.auth.issuance import BlankCard, IssuedCard, issue_card, new_card_number
from kiosk.auth.sheet import explanatory_sheet
from kiosk.domain.normalise import normalise_card_number
from kiosk.hardware.card import PinBlocked, WrongPin
from kiosk.hardware.pcsc import PcscConnection, list_readers
from kiosk.hardware.piv import PivClient, Slot
from kiosk.station import TRUST_DIR, utc_now

AUTHORITY_DIR = "authority"
# A blank card's factory secrets (the virtual card's too); real batches come with their own.
BLANK = BlankCard(pin="123456", puk="12345678", management_key=bytes(range(1, 33)))


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def init_authority(data_dir: Path, name: str, now: dt.datetime) -> CardAuthority:
    """Create the station's card authority and its cached trust material."""
    authority = CardAuthority.create(name, now)
    key_pem = authority.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(data_dir / AUTHORITY_DIR / "authority.key.pem", key_pem)
    (data_dir / AUTHORITY_DIR / "authority.pem").write_bytes(
        authority.certificate.public_bytes(serialization.Encoding.PEM)
    )
    save_register(data_dir, authority, {})
    save_trust(data_dir / TRUST_DIR, authority, now)
    return authority


def load_authority(data_dir: Path) -> tuple[CardAuthority, dict[str, dict[str, object]]]:
    """The station's authority with its revocations, and the register of issued cards."""
    folder = data_dir / AUTHORITY_DIR
    key = serialization.load_pem_private_key((folder / "authority.key.pem").read_bytes(), None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("the authority key is not an EC key")
    certificate = x509.load_pem_x509_certificate((folder / "authority.pem").read_bytes())
    register: dict[str, dict[str, object]] = json.loads((folder / "issued.json").read_text())
    authority = CardAuthority(key, certificate)
    for entry in register.values():
        when = entry.get("revoked_at")
        if isinstance(when, str):
            for serial in entry["serials"]:  # type: ignore[attr-defined]
                authority.revoke(int(serial), dt.datetime.fromisoformat(when))
    return authority, register


def save_register(
    data_dir: Path, authority: CardAuthority, register: dict[str, dict[str, object]]
) -> None:
    """Write the register of issued cards."""
    _write_private(
        data_dir / AUTHORITY_DIR / "issued.json", json.dumps(register, indent=1).encode()
    )


def record_issue(data_dir: Path, issued: IssuedCard, now: dt.datetime) -> None:
    """Add a card to the register."""
    authority, register = load_authority(data_dir)
    register[issued.holder.card_number] = {
        "holder": issued.holder.holder_id,
        "role": issued.holder.role.value,
        "serials": [str(s) for s in issued.serials],
        "issued_at": now.isoformat(),
    }
    save_register(data_dir, authority, register)


def revoke_card(data_dir: Path, card_number: str, now: dt.datetime) -> str:
    """Revoke every certificate of a card; refresh the cached revocation list.

    Returns the holder id the card belonged to. Raises KeyError for an unknown card.
    """
    number = normalise_card_number(card_number)
    authority, register = load_authority(data_dir)
    entry = register[number]
    entry["revoked_at"] = now.isoformat()
    for serial in entry["serials"]:  # type: ignore[attr-defined]
        authority.revoke(int(serial), now)
    save_register(data_dir, authority, register)
    save_trust(data_dir / TRUST_DIR, authority, now)
    return str(entry["holder"])


def _reader(name: str | None) -> str:
    readers = list_readers()
    if name is not None:
        return name
    if not readers:
        raise SystemExit("Aucun lecteur de carte n'est branché.")
    return readers[0]


def cmd_authority_init(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card authority-init``."""
    init_authority(data_dir, args.name, utc_now())
    print(f"Autorité des cartes créée dans {data_dir / AUTHORITY_DIR}.")
    return 0


def cmd_issue(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card issue``: personalise the blank card in the reader."""
    now = utc_now()
    authority, _register = load_authority(data_dir)
    connection = PcscConnection(_reader(args.reader))
    try:
        piv = PivClient(connection)
        issued = issue_card(
            piv,
            authority,
            BLANK,
            role=HolderRole(args.role),
            holder_id=args.holder_id or os.urandom(16).hex(),
            card_number=args.card_number or new_card_number(),
            pin=args.pin,
            puk=args.puk,
            now=now,
            display_name=args.display_name,
            structure_id=args.structure,
        )
    finally:
        connection.close()
    record_issue(data_dir, issued, now)
    if args.sheet is not None:
        args.sheet.write_bytes(explanatory_sheet(issued.holder.card_number, issued.holder.role))
    print(f"Carte {issued.holder.card_number} émise ({issued.holder.role.value}).")
    print(f"Identifiant du titulaire : {issued.holder.holder_id}")
    key = issued.certificates[Slot.KEY_MANAGEMENT].public_key()
    print(
        "Clé de chiffrement (9D) :",
        key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        ).hex(),
    )
    return 0


def cmd_revoke(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card revoke NUMBER``."""
    try:
        revoke_card(data_dir, args.card_number, utc_now())
    except KeyError:
        print("Cette carte n'a pas été émise par cette station.")
        return 1
    print(f"Carte {normalise_card_number(args.card_number)} révoquée.")
    return 0


def cmd_unblock(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card unblock``: the agent, after checking identity, resets the PIN with the PUK."""
    connection = PcscConnection(_reader(args.reader))
    try:
        piv = PivClient(connection)
        piv.select()
        piv.unblock(args.puk, args.new_pin)
    except WrongPin as exc:
        print(f"Code PUK incorrect : encore {exc.tries_left} essai(s).")
        return 1
    except PinBlocked:
        print("Le code PUK est bloqué : la carte doit être remplacée.")
        return 1
    finally:
        connection.close()
    print("Carte débloquée : le nouveau code est actif.")
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk card``."""
    card = sub.add_parser("card", help="cartes : émettre, révoquer, débloquer").add_subparsers(
        dest="card_command", required=True
    )
    init = card.add_parser("authority-init", help="créer l'autorité des cartes de la station")
    init.add_argument("--name", default="Autorité des cartes de la station")
    init.set_defaults(card_func=cmd_authority_init)
    issue = card.add_parser("issue", help="émettre la carte vierge posée dans le lecteur")
    issue.add_argument("--role", choices=[r.value for r in HolderRole], required=True)
    issue.add_argument("--pin", required=True)
    issue.add_argument("--puk", required=True)
    issue.add_argument("--holder-id", default=None)
    issue.add_argument("--card-number", default=None)
    issue.add_argument("--display-name", default="")
    issue.add_argument("--structure", default="")
    issue.add_argument("--reader", default=None)
    issue.add_argument("--sheet", type=Path, default=None, help="fiche explicative (PDF)")
    issue.set_defaults(card_func=cmd_issue)
    revoke = card.add_parser("revoke", help="révoquer une carte perdue")
    revoke.add_argument("card_number")
    revoke.set_defaults(card_func=cmd_revoke)
    unblock = card.add_parser("unblock", help="débloquer une carte avec le PUK")
    unblock.add_argument("--puk", required=True)
    unblock.add_argument("--new-pin", required=True)
    unblock.add_argument("--reader", default=None)
    unblock.set_defaults(card_func=cmd_unblock)
