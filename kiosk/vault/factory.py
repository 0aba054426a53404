"""Builds a vault from a data directory: the one place its parts are wired together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.vault.blobs import BlobStore
from kiosk.vault.db import Database
from kiosk.vault.journal import Journal, utc_now
from kiosk.vault.vault import Vault

DB_NAME = "vault.sqlite3"
BLOBS_DIR = "blobs"


def open_vault(
    data_dir: Path,
    device_id: str,
    escrow: ec.EllipticCurvePublicKey | None,
    *,
    clock: Callable[[], datetime] = utc_now,
    frame_size: int | None = None,
) -> Vault:
    """Open (and migrate) the vault under ``data_dir``."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = Database(data_dir / DB_NAME)
    db.migrate()
    blobs = BlobStore(data_dir / BLOBS_DIR)
    journal = Journal(device_id, clock)
    if frame_size is None:
        return Vault(db, blobs, journal, escrow, clock=clock)
    return Vault(db, blobs, journal, escrow, clock=clock, frame_size=frame_size)
