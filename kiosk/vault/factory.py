"""Builds a vault from a data directory: the one place its parts are wired together."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.vault.blobs import BlobStore
from kiosk.vault.db import Database
from kiosk.vault.feed import ChangeFeed
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
    feed: ChangeFeed | None = None,
) -> Vault:
    """Open (and migrate) the vault under ``data_dir``; ``feed`` receives its changes for
    the sync, in their transactions (see :mod:`kiosk.vault.feed`)."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = Database(data_dir / DB_NAME)
    db.migrate()
    blobs = BlobStore(data_dir / BLOBS_DIR)
    journal = Journal(device_id, clock, None if feed is None else feed.journal_appended)
    if frame_size is None:
        return Vault(db, blobs, journal, escrow, clock=clock, feed=feed)
    return Vault(db, blobs, journal, escrow, clock=clock, frame_size=frame_size, feed=feed)
