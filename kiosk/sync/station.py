"""This station's place on the central platform: its key, its enrolment, its sync worker.

A technician enrols the station once with a one-time code (``kiosk sync enrol``); the
station's P-256 key and what the platform answered stay in ``<data_dir>/sync/`` (mode 0700,
files 0600). Everything else here is wiring: :func:`build_worker` makes the signed client
and the :class:`~kiosk.sync.worker.SyncWorker` that keeps the station's shadow copy
(:mod:`kiosk.sync.shadow`) up to date. The composition root calls it; nothing else does.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.sync import outbox, shadow
from kiosk.sync.client import SyncClient, enrol, load_or_create_key
from kiosk.sync.worker import Backoff, BlobSource, SyncWorker, TransactionSource

SYNC_DIR = "sync"
KEY_FILE = "station.pem"
IDENTITY_FILE = "station.json"


@dataclass(frozen=True, slots=True)
class StationIdentity:
    """What the platform said at enrolment.

    Attributes:
        base_url: the platform's address.
        station_id: signs every request.
        structure_id: whose data the station pushes and pulls.
        label: the name people see ("CMS Belleville, borne 2").
    """

    base_url: str
    station_id: str
    structure_id: str
    label: str = ""


def sync_dir(data_dir: Path) -> Path:
    """``<data_dir>/sync``, made private if missing."""
    path = data_dir / SYNC_DIR
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def load_identity(data_dir: Path) -> StationIdentity | None:
    """The enrolment saved on this station, or None if it was never enrolled.

    Raises:
        ValueError: the file is there but unreadable (a person must look).
    """
    path = data_dir / SYNC_DIR / IDENTITY_FILE
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return StationIdentity(**document)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{path}: not a station identity") from error


def enrol_station(data_dir: Path, base_url: str, code: str, label: str = "") -> StationIdentity:
    """Enrol with a one-time code and save the result (the key is made on first use).

    Raises:
        EnrolmentRefused, TransportFailed: see :func:`kiosk.sync.client.enrol`.
    """
    folder = sync_dir(data_dir)
    key = load_or_create_key(folder / KEY_FILE)
    answer = enrol(base_url, code, key, label)
    identity = StationIdentity(base_url, answer.station_id, answer.structure_id, label)
    _write_private(folder / IDENTITY_FILE, json.dumps(asdict(identity), indent=2))
    return identity


def _write_private(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def build_worker(
    data_dir: Path,
    db: TransactionSource,
    blobs: BlobSource | None = None,
    *,
    identity: StationIdentity | None = None,
    backoff: Backoff | None = None,
    idle_interval: float = 30.0,
    rng: random.Random | None = None,
) -> SyncWorker | None:
    """The sync worker of an enrolled station (not started), or None if not enrolled.

    ``db`` must already hold the sync tables (:func:`kiosk.sync.outbox.create_tables`).
    """
    identity = identity or load_identity(data_dir)
    if identity is None:
        return None
    key = load_or_create_key(sync_dir(data_dir) / KEY_FILE)
    client = SyncClient(identity.base_url, key, identity.station_id)
    with db.transaction() as session:
        client.clock_offset = int(outbox.get_state(session, outbox.CLOCK_OFFSET, "0"))
    return SyncWorker(
        db,
        client,
        shadow.apply_changes,
        blobs=blobs,
        backoff=backoff,
        idle_interval=idle_interval,
        rng=rng,
    )
