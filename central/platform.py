"""The running platform's parts, built once from the settings and passed explicitly."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from central.blobstore import BlobStore, DiskBlobStore
from central.db import CentralDatabase
from central.outbox import LogOutbox, Sender
from central.settings import CentralSettings
from kiosk.sync.protocol.hlc import HybridClock, wall_ms

SECRET_FILE = "secret.key"  # noqa: S105 - a file name, not a secret


@dataclass
class Platform:
    """Settings, database, blob store, senders, clock and the server's secret.

    Attributes:
        settings: as loaded.
        db: the database (migrated).
        blobs: ciphertext storage.
        sender: e-mail/SMS/institution gateways (a log in development).
        clock: the server's hybrid logical clock.
        secret: key of the HMACs the platform keeps instead of codes and addresses.
    """

    settings: CentralSettings
    db: CentralDatabase
    blobs: BlobStore
    sender: Sender
    clock: HybridClock
    secret: bytes

    @staticmethod
    def now_ms() -> int:
        """The server's wall clock, Unix milliseconds."""
        return wall_ms()

    def close(self) -> None:
        """Release the database."""
        self.db.dispose()


def _load_secret(path: Path) -> bytes:
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # atomic, and never replaces a secret already there
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_bytes()


def open_platform(settings: CentralSettings, *, migrate: bool = True) -> Platform:
    """Create the data directory (0700), migrate the database, build the parts."""
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = CentralDatabase(settings.database_url)
    if migrate:
        db.migrate()
    return Platform(
        settings=settings,
        db=db,
        blobs=DiskBlobStore(settings.data_dir / "store"),
        sender=LogOutbox(settings.data_dir / "outbox.jsonl"),
        clock=HybridClock(),
        secret=_load_secret(settings.data_dir / SECRET_FILE),
    )
