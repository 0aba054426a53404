"""A station as its own process, for the fault tests: ``python station_proc.py DATA_DIR``.

It opens the station's database, builds the sync worker exactly as the kiosk does
(:func:`kiosk.sync.station.build_worker`, the station enrolled beforehand with
:func:`kiosk.sync.station.enrol_station`), then answers one JSON command per line on stdin
with one JSON line on stdout. Local changes go through :mod:`kiosk.sync.local`, stamped by
this process's clock (which ``faketime`` may set a day off). The tests ``kill -9`` it
whenever they like: nothing here is flushed or closed on the way out but what SQLite
commits.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.domain.aid_requests import CorrectionReason, RequestEvent
from kiosk.sync import local, outbox, shadow
from kiosk.sync.station import build_worker
from kiosk.sync.worker import Backoff, SyncStatus, SyncWorker
from kiosk.vault.db import Database


class FolderBlobs:
    """Ciphertext files named by their SHA-256, in ``DATA_DIR/blobs``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read_blob(self, sha256: str) -> bytes:
        return (self.root / sha256).read_bytes()


def _status(status: SyncStatus) -> dict[str, Any]:
    return {
        "phase": status.phase.value,
        "pending": status.pending,
        "rejected": status.rejected,
        "conflicts": status.conflicts,
        "last_error": status.last_error,
        "blocked_by": status.blocked_by,
        "clock_offset": status.clock_offset,
        "all_sent": status.all_sent,
    }


class StationProcess:
    """The commands of one station process."""

    def __init__(self, data_dir: Path, seed: int) -> None:
        self.db = Database(data_dir / "station.db")
        outbox.create_tables(self.db.engine)
        worker = build_worker(
            data_dir,
            self.db,
            FolderBlobs(data_dir / "blobs"),
            backoff=Backoff(base=0.02, cap=0.2),
            idle_interval=0.1,
            rng=random.Random(seed),
        )
        assert worker is not None, "not enrolled"
        self.worker: SyncWorker = worker

    def close(self) -> None:
        self.worker.close()
        self.db.close()

    def handle(self, command: dict[str, Any]) -> Any:
        name = command.pop("do")
        if name in _CHANGES:
            with self.db.transaction() as session:
                return _CHANGES[name](session, **command).seq
        return getattr(self, f"do_{name}")(**command)

    def do_sync(self, cycles: int = 20) -> dict[str, Any]:
        """Cycles until nothing is pending (or ``cycles`` ran); the status."""
        for _ in range(cycles):
            self.worker.run_once()
            status = self.worker.status()
            if status.pending == 0 and status.last_error is None:
                break
        return _status(self.worker.status())

    def do_start(self) -> None:
        self.worker.start()

    def do_stop(self) -> None:
        self.worker.stop()

    def do_status(self) -> dict[str, Any]:
        return _status(self.worker.status())

    def do_now(self) -> float:
        return time.time()

    def do_digest(self) -> list[list[Any]]:
        with self.db.transaction() as session:
            digest = shadow.digest(session)
        return [
            [kind, entity_id, version, sha] for (kind, entity_id), (version, sha) in digest.items()
        ]

    def do_outbox(self) -> list[dict[str, Any]]:
        with self.db.transaction() as session:
            rows = session.query(outbox.OutboxRow).order_by(outbox.OutboxRow.seq).all()
            return [
                {
                    "seq": row.seq,
                    "op_id": row.op_id,
                    "op_type": row.op_type,
                    "entity_id": row.entity_id,
                    "state": row.state,
                    "status": row.result_status,
                    "code": row.result_code,
                    "op": json.loads(row.op_json),
                }
                for row in rows
            ]

    def do_todo(self) -> list[dict[str, Any]]:
        with self.db.transaction() as session:
            return [
                {"seq": item.seq, "kind": item.kind, "code": item.code}
                for item in outbox.open_todo(session)
            ]

    def do_view_state(self, id: str) -> str | None:
        with self.db.transaction() as session:
            return local.request_state(session, id).value


def _transition(session: Any, id: str, event: str, reason: str | None = None) -> Any:
    return local.transition_request(
        session, id, RequestEvent(event), None if reason is None else CorrectionReason(reason)
    )


_CHANGES: dict[str, Any] = {
    "patch_beneficiary": lambda session, id, fields: local.patch_beneficiary(session, id, fields),
    "create_request": lambda session, id, beneficiary, fields: local.create_request(
        session, id, beneficiary, fields
    ),
    "patch_request": lambda session, id, fields: local.patch_request(session, id, fields),
    "transition": _transition,
    "note": lambda session, id, note_id, body: local.add_note(session, id, note_id, body),
    "attach": lambda session, id, **payload: local.attach_document(session, id, **payload),
}


def main() -> int:
    station = StationProcess(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            answer = {"ok": station.handle(json.loads(line))}
        except Exception as error:  # the test reads it; the process goes on
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)
    station.worker.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
