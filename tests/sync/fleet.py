"""Several stations, each its own process behind its own faulty line, and the invariants.

A :class:`StationHandle` is one station: enrolled through its :class:`CuttableProxy`, run as
``station_proc.py`` (optionally under ``faketime``, a clock really a day off), driven by JSON
commands, ``kill -9``-able at any moment and restarted on the same files.

:func:`check_invariants` is what every fault test ends with (SYNC.md 3.8): every operation
ended exactly once as applied, merged or rejected, and visibly so; the platform recorded
each station's operations once each, in order; and every station's shadow copy equals the
platform's projection of the structure (convergence).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from central.db import CentralDatabase
from central.enrolment import create_enrol_code
from central.models import Entity, OpResultRow, Station
from kiosk.domain.aid_requests import AID_REQUEST_MACHINE, RequestEvent, RequestState
from kiosk.sync.protocol.state import EntityState
from kiosk.sync.shadow import state_json
from kiosk.sync.station import enrol_station, load_identity

from .netcut import CuttableProxy

STATION_PROC = Path(__file__).with_name("station_proc.py")
Digest = dict[tuple[str, str], tuple[int, str]]


class StationError(AssertionError):
    """The station process answered an error, or died."""


class Commands:
    """The commands of ``station_proc.py`` a test uses, over :meth:`call`."""

    def call(self, **command: Any) -> Any:
        raise NotImplementedError

    def sync(self, cycles: int = 20) -> dict[str, Any]:
        status: dict[str, Any] = self.call(do="sync", cycles=cycles)
        return status

    def digest(self) -> Digest:
        return {(k, i): (v, sha) for k, i, v, sha in self.call(do="digest")}

    def outbox(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.call(do="outbox")
        return rows

    def todo(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.call(do="todo")
        return items


class StationHandle(Commands):
    """One station process and its line to the platform.

    Args:
        root: its data directory.
        server_port: the platform's port (the line forwards to it).
        admin: the platform's database, to make the enrolment code.
        structure: the station's structure.
        seed: its jitter seed.
        clock_shift: a ``faketime`` offset (``"+1d"``, ``"-1d"``), or None for the real clock.
    """

    def __init__(
        self,
        root: Path,
        server_port: int,
        admin: CentralDatabase,
        structure: str,
        seed: int = 0,
        clock_shift: str | None = None,
    ) -> None:
        root.mkdir(parents=True, exist_ok=True)
        (root / "blobs").mkdir(exist_ok=True)
        self.root = root
        self.seed = seed
        self.clock_shift = clock_shift
        self.line = CuttableProxy(server_port)
        enrol_station(root, self.line.base_url, create_enrol_code(admin, structure), root.name)
        identity = load_identity(root)
        assert identity is not None
        self.station_id = identity.station_id
        self.process: subprocess.Popen[str] | None = None
        self._reader = threading.Thread()
        self._answers: queue.Queue[str | None] = queue.Queue()
        self.start()

    # process

    def start(self) -> None:
        command = [sys.executable, str(STATION_PROC), str(self.root), str(self.seed)]
        if self.clock_shift is not None:
            command = ["faketime", "-f", self.clock_shift, *command]
        log = (self.root / "station.log").open("a")
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
        )
        log.close()
        self._answers = queue.Queue()
        self._reader = threading.Thread(
            target=self._read, args=(self.process, self._answers), daemon=True
        )
        self._reader.start()
        ready = self._answers.get(timeout=60)
        if ready is None:
            raise StationError(f"station did not start:\n{self.log()}")

    @staticmethod
    def _read(process: subprocess.Popen[str], answers: queue.Queue[str | None]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            answers.put(line)
        answers.put(None)

    def log(self) -> str:
        path = self.root / "station.log"
        return path.read_text()[-4000:] if path.exists() else ""

    def kill(self) -> None:
        """``kill -9``: the process ends where it stands."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGKILL)
                self.process.wait(timeout=10)
            self._release_pipes()
        self.process = None

    def _release_pipes(self) -> None:
        assert self.process is not None
        self._reader.join(10)  # it ends at the end of the output
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def restart(self) -> None:
        self.kill()
        self.start()

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin is not None
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.kill()  # reaps and releases the pipes of an ended process
        self.line.close()

    # commands

    def send(self, **command: Any) -> None:
        """Send a command without waiting for its answer (see :meth:`receive`)."""
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def receive(self, timeout: float = 120) -> Any:
        line = self._answers.get(timeout=timeout)
        if line is None:
            raise StationError(f"station process ended:\n{self.log()}")
        answer = json.loads(line)
        if "error" in answer:
            raise StationError(answer["error"])
        return answer["ok"]

    def call(self, **command: Any) -> Any:
        self.send(**command)
        return self.receive()


# --- the platform's side -------------------------------------------------------------------


def server_entities(admin: CentralDatabase, structure: str) -> dict[tuple[str, str], Entity]:
    with admin.reading() as session:
        rows = session.scalars(select(Entity).where(Entity.structure_id == structure)).all()
        session.expunge_all()
    return {(row.kind, row.id): row for row in rows}


def server_state(admin: CentralDatabase, structure: str, kind: str, entity_id: str) -> EntityState:
    row = server_entities(admin, structure)[(kind, entity_id)]
    return EntityState.model_validate_json(row.state)


def server_digest(admin: CentralDatabase, structure: str) -> Digest:
    """The platform's projection of a structure, in the form of ``shadow.digest``."""
    return {
        key: (
            row.version,
            hashlib.sha256(
                state_json(EntityState.model_validate_json(row.state)).encode()
            ).hexdigest(),
        )
        for key, row in server_entities(admin, structure).items()
        if not row.deleted
    }


def server_results(admin: CentralDatabase, station_id: str) -> tuple[int, dict[int, str]]:
    """The station's ``applied_seq`` on the platform and its stored results: seq -> op_id."""
    with admin.reading() as session:
        applied = session.execute(
            select(Station.applied_seq).where(Station.id == station_id)
        ).scalar_one()
        rows = session.execute(
            select(OpResultRow.seq, OpResultRow.op_id).where(OpResultRow.station_id == station_id)
        ).all()
    return applied, {seq: op_id for seq, op_id in rows}


# --- invariants ----------------------------------------------------------------------------


class Member(Protocol):
    """What the invariants need of a station (a process, or an in-process one)."""

    station_id: str
    line: CuttableProxy

    def sync(self, cycles: int = 20) -> dict[str, Any]: ...
    def outbox(self) -> list[dict[str, Any]]: ...
    def todo(self) -> list[dict[str, Any]]: ...
    def digest(self) -> Digest: ...


def quiesce(stations: Sequence[Member], rounds: int = 4) -> None:
    """Calm lines, then sync every station until nothing is pending and all have pulled
    what the others pushed (a round after the last push)."""
    for station in stations:
        station.line.calm()
    for _ in range(rounds):
        statuses = [station.sync() for station in stations]
        if all(s["pending"] == 0 and s["last_error"] is None for s in statuses):
            for station in stations:  # one more pull each, after everybody's push
                station.sync()
            return
    raise AssertionError(f"no quiescence: {statuses}")


def check_invariants(admin: CentralDatabase, structure: str, stations: Sequence[Member]) -> Digest:
    """Exactly once, nothing silent, convergence; the platform's digest."""
    truth = server_digest(admin, structure)
    for station in stations:
        rows = station.outbox()
        # every operation ended, as exactly one of applied / merged / rejected
        assert all(row["state"] == "done" for row in rows), [
            r for r in rows if r["state"] != "done"
        ]
        assert all(row["status"] in ("applied", "merged", "rejected") for row in rows)
        # the seqs are contiguous and the platform holds each once, with the same op
        assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
        applied, results = server_results(admin, station.station_id)
        assert applied == len(rows)
        assert results == {row["seq"]: row["op_id"] for row in rows}
        # nothing silent: every refusal and every conflict is "à traiter"
        todo = Counter((item["seq"], item["kind"]) for item in station.todo())
        for row in rows:
            if row["status"] == "rejected":
                assert todo[(row["seq"], "rejected")] == 1, row
        # convergence
        mine = station.digest()
        assert mine == truth, _difference(mine, truth)
    return truth


def _difference(mine: Digest, truth: Digest) -> str:
    missing = sorted(set(truth) - set(mine))
    extra = sorted(set(mine) - set(truth))
    changed = sorted(k for k in set(mine) & set(truth) if mine[k] != truth[k])
    versions = [(k, mine[k][0], truth[k][0]) for k in changed[:5]]
    return f"missing {missing[:5]}, extra {extra[:5]}, different (mine, platform) {versions}"


def check_request_history(state: EntityState) -> None:
    """The request went through legal transitions only, from ``brouillon``, and is where its
    last transition took it (never decided without instruction, no exit from nowhere)."""
    where = AID_REQUEST_MACHINE.initial
    history = state.meta.get("history", [])
    assert isinstance(history, list)
    for step in history:
        assert isinstance(step, dict)
        source, target = RequestState(str(step["source"])), RequestState(str(step["target"]))
        assert source == where, (step, where)
        assert AID_REQUEST_MACHINE.transitions[(source, RequestEvent(str(step["event"])))] == target
        where = target
    assert state.meta["state"] == where.value
