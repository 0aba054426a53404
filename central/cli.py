"""The ``kiosk-central`` command: ``kiosk-central serve`` runs the platform with no set-up."""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``kiosk-central``."""
    parser = argparse.ArgumentParser(prog="kiosk-central", description="Plateforme centrale.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="lancer le serveur HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    args = parser.parse_args(argv)
    if args.command == "serve":
        import uvicorn

        from central.app import create_app

        uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
