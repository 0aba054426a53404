"""The ``kiosk`` command: run the station, the demo, and the technician's tools.

Messages here are for the technician at a terminal, in French. Errors of the core arrive
typed and are worded here, as the UI words them on screen.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk import cli_card, cli_ocr, cli_sync
from kiosk.config import Settings, SettingsError, describe, ensure_data_dir, load_settings
from kiosk.logs import SensitiveValues, setup_logging
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import load_public_key

log = logging.getLogger("kiosk.cli")

_FAULTS = {
    "hash_mismatch": "contenu modifié",
    "broken_link": "lien rompu avec l'événement précédent (événement supprimé ou inséré)",
    "seq_gap": "numéro manquant (événement supprimé)",
}
_PROBLEMS = {
    "missing_blob": "fichier chiffré absent",
    "blob_mismatch": "fichier chiffré modifié (empreinte différente)",
    "bad_header": "fichier chiffré illisible (en-tête inconnu)",
}


def _settings(args: argparse.Namespace) -> Settings:
    environ = dict(os.environ)
    if args.data_dir is not None:
        environ["KIOSK_DATA_DIR"] = str(args.data_dir)
    return load_settings(args.station_file, environ)


def _escrow(settings: Settings) -> ec.EllipticCurvePublicKey | None:
    if settings.escrow_public_key is None:
        return None
    return load_public_key(settings.escrow_public_key.read_bytes())


def cmd_settings(args: argparse.Namespace) -> int:
    """Print every setting with its type, default and description."""
    print(describe())
    return 0


def cmd_vault_verify(args: argparse.Namespace) -> int:
    """Check the journal chain and every document's ciphertext."""
    settings = _settings(args)
    data_dir = ensure_data_dir(settings)
    vault = open_vault(data_dir, settings.station_id, _escrow(settings))
    try:
        report = vault.verify()
    finally:
        vault.db.close()
    verdict = report.journal
    if verdict.ok:
        print(f"Journal : {report.events} événements, chaîne intègre.")
    else:
        reason = _FAULTS.get(str(verdict.reason), str(verdict.reason))
        print(f"Journal : ERREUR à l'événement n° {verdict.first_bad_seq} : {reason}.")
    print(f"Documents : {report.revisions_checked} versions vérifiées.")
    for problem in report.problems:
        print(
            f"Document {problem.document_id} version {problem.rev} : "
            f"ERREUR, {_PROBLEMS.get(problem.kind, problem.kind)}."
        )
    if report.orphan_blobs:
        print(
            f"{len(report.orphan_blobs)} fichier(s) chiffré(s) sans document "
            "(écriture interrompue) : « kiosk vault sweep » les supprime."
        )
    print("Coffre intègre." if report.ok else "Coffre NON intègre : voir ci-dessus.")
    return 0 if report.ok else 1


def cmd_vault_sweep(args: argparse.Namespace) -> int:
    """Delete ciphertext files left by interrupted writes."""
    settings = _settings(args)
    vault = open_vault(ensure_data_dir(settings), settings.station_id, _escrow(settings))
    try:
        count = vault.sweep_orphans()
    finally:
        vault.db.close()
    print(f"{count} fichier(s) orphelin(s) supprimé(s).")
    return 0


def cmd_escrow_keygen(args: argparse.Namespace) -> int:
    """Make an escrow key pair (development and demo; production keeps it in an HSM)."""
    out: Path = args.out
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    private = ec.generate_private_key(ec.SECP256R1())
    secret = out / "escrow.key.pem"
    fd = os.open(secret, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(
            private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    (out / "escrow.pub.pem").write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    print(f"Clé de séquestre créée : {out / 'escrow.pub.pem'} (publique), {secret} (privée).")
    print("La clé privée ne doit jamais rester sur une station.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Start the station's window, with its card readers, its vault and its sync.

    Without a card authority (``kiosk card authority-init``) or without pcscd the window
    still opens and tells the technician what to do; cards work as soon as it is fixed.
    A station enrolled with the platform (``kiosk sync enrol``) syncs in the background
    while the window is open; one that is not runs offline, and its technician's home says so.
    """
    # Qt only when a window is asked for.
    from kiosk.auth.authority import load_trust
    from kiosk.auth.card_life import station_card_life
    from kiosk.documents.access import OpenVault
    from kiosk.station import TRUST_DIR
    from kiosk.sync.vault_feed import open_station_vault
    from kiosk.ui.app import run_app
    from kiosk.ui.card_service import station_card_stack
    from kiosk.ui.document_jobs import station_documents
    from kiosk.ui.sync_jobs import station_sync

    settings = _settings(args)
    data_dir = ensure_data_dir(settings)
    # every vault change commits with its sync operation (kiosk.sync.vault_feed)
    vault = open_station_vault(data_dir, settings.station_id, _escrow(settings))
    trust_dir = data_dir / TRUST_DIR
    try:
        trust = load_trust(trust_dir)
    except (OSError, ValueError):
        trust = None  # the welcome screen tells the technician; the stack retries
    card_life = None if trust is None else station_card_life(data_dir, vault, trust, trust_dir)
    held = OpenVault()  # a beneficiary's open vault, for the document screens
    documents = station_documents(held, settings.camera, settings.export_dir, data_dir)
    sync = None
    try:
        cli_sync.ensure_sync_tables(vault.db)
        sync = station_sync(data_dir, vault.db, vault.blobs)
        sync.start()
        return run_app(
            settings.language,
            settings.kiosk_mode,
            station_card_stack(data_dir, settings.station_id, vault, trust, held),
            idle_timeout_s=settings.idle_timeout_s,
            card_life=card_life,
            documents=documents,
            sync=sync,
        )
    finally:
        try:
            if sync is not None:
                sync.close()
        finally:
            if documents is not None:
                documents.close()
            vault.db.close()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``kiosk``."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Station des centres sociaux.")
    parser.add_argument(
        "--station-file", type=Path, default=None, help="fichier TOML de la station"
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="dossier des données")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="lancer la station").set_defaults(func=cmd_run)
    sub.add_parser("settings", help="lister les réglages").set_defaults(func=cmd_settings)
    vault = sub.add_parser("vault", help="coffre-fort chiffré").add_subparsers(
        dest="vault_command", required=True
    )
    vault.add_parser("verify", help="vérifier le journal et les documents").set_defaults(
        func=cmd_vault_verify
    )
    vault.add_parser("sweep", help="supprimer les écritures interrompues").set_defaults(
        func=cmd_vault_sweep
    )
    keygen = vault.add_parser("escrow-keygen", help="créer une clé de séquestre (essais)")
    keygen.add_argument("out", type=Path)
    keygen.set_defaults(func=cmd_escrow_keygen)
    cli_card.add_parser(sub)
    cli_ocr.add_parser(sub)
    cli_sync.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk``."""
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)
        setup_logging(settings.log_level, settings.log_file, sensitive=SensitiveValues())
    except SettingsError as exc:
        print(f"Réglage invalide : {exc}", file=sys.stderr)
        return 2
    if hasattr(args, "card_func"):
        card_code: int = args.card_func(args, ensure_data_dir(settings))
        return card_code
    if hasattr(args, "sync_func"):
        return cli_sync.run(args, settings)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
