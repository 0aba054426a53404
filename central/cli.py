"""The ``kiosk-central`` command.

- ``serve``: run the platform (no set-up needed: SQLite in the data directory by default).
- ``migrate``: bring the database schema up to date and exit.
- ``enrol-code --structure X``: print a one-time code for a new station of structure X.
- ``revoke-station ID``: refuse every later request of that station.
- ``answer --message ID --institution X --body-file F``: record an institution's answer
  (the sealed bytes of F) to a relayed message (development and tests).

``--data-dir`` and ``--database-url`` (or ``$KIOSK_CENTRAL_DATA`` and
``$KIOSK_CENTRAL_DATABASE_URL``) choose where the platform keeps its data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from central.settings import CentralSettings, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-central", description="Plateforme centrale.")
    parser.add_argument("--data-dir", type=Path, help="répertoire des données")
    parser.add_argument("--database-url", help="URL SQLAlchemy de la base (PostgreSQL...)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="lancer le serveur HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    sub.add_parser("migrate", help="mettre le schéma de la base à jour")
    code = sub.add_parser("enrol-code", help="créer un code d'enrôlement à usage unique")
    code.add_argument("--structure", required=True, help="identifiant de la structure")
    code.add_argument("--name", help="nom de la structure (si elle est nouvelle)")
    code.add_argument("--hours", type=float, default=24, help="durée de validité (heures)")
    revoke = sub.add_parser("revoke-station", help="révoquer la clé d'une borne")
    revoke.add_argument("station_id")
    answer = sub.add_parser("answer", help="enregistrer la réponse d'une institution")
    answer.add_argument("--message", required=True)
    answer.add_argument("--institution", required=True)
    answer.add_argument("--body-file", type=Path, required=True)
    return parser


def _run(args: argparse.Namespace, settings: CentralSettings) -> int:
    from central.platform import open_platform

    platform = open_platform(settings)
    try:
        if args.command == "enrol-code":
            from central.enrolment import create_enrol_code
            from kiosk.sync.protocol.stations import format_enrol_code

            code = create_enrol_code(platform.db, args.structure, name=args.name, hours=args.hours)
            print(format_enrol_code(code))
        elif args.command == "revoke-station":
            from central.enrolment import revoke_station

            if not revoke_station(platform.db, args.station_id):
                print(f"borne inconnue : {args.station_id}", file=sys.stderr)
                return 1
        elif args.command == "answer":
            from central.relay import record_answer
            from kiosk.sync.protocol.values import seal_text

            body = seal_text(args.body_file.read_bytes())
            print(record_answer(platform.db, args.message, args.institution, body))
    finally:
        platform.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk-central``."""
    args = _parser().parse_args(argv)
    settings = load_settings(data_dir=args.data_dir, database_url=args.database_url)
    if args.command == "serve":
        import uvicorn

        from central.app import create_app

        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
        return 0
    return _run(args, settings)


if __name__ == "__main__":
    raise SystemExit(main())
