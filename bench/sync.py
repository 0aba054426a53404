"""Sync throughput beside its floors, measured side by side in one run, on loopback.

The real platform runs as a subprocess (``python -m central.cli ... serve``: uvicorn), once on
SQLite and once on PostgreSQL (a throwaway cluster with fsync on, as in production). Beside
it, in a second subprocess, runs the *floor*: a raw ASGI application on the same uvicorn with
the same settings, that does no work (it reads the body and answers the number of bytes
asked). Both are driven with ``httpx``, the station's HTTP client, so both sides share the
HTTP stack and only our work differs. Measures:

1. push: ``--ops`` operations (beneficiary.patch, ar.create, ar.note.add with sealed values,
   about 320 B each) from a station's outbox through ``SyncWorker.run_once`` (outbox read,
   signed ``SyncClient.push_raw``, results stored), ``--batch`` a request; the time spent in
   ``push_raw`` alone (client and platform) is shown beside. Floor: as many POSTs, each with
   the same request and answer sizes.
2. pull: the changes those operations made, page by page, each page stored by the station
   with its cursor (same cycle). Floor: as many GETs with the same answer sizes.
3. blob: ``--blob-mb`` MB of random bytes (standing for ciphertext) through
   ``kiosk.sync.uploads.upload_blob`` (1 MiB signed chunks, each fdatasynced by the server,
   the whole hashed). Floor: one PUT of the same bytes, written to disk and fsynced once;
   also shown: 1 MiB PUTs to the floor, each written and fdatasynced (the chunked protocol
   with no work at all).
4. bytes on the wire: a counting TCP proxy in front of the platform counts every byte each
   way (request lines, headers, bodies) for the blob upload, against the ciphertext size,
   and for the push, against the operations' JSON. The targets apply to what the station
   sends; both ways (with the answers) is shown beside.

Each timed measure is the median of ``--rounds`` rounds, ours and its floor measured one
after the other in each round (the blob between two floor runs, the faster kept); each round
uses a new structure and a new station. Ratios are ours / floor. The absolute figures with a
target are SYNC.md's (section 3.9): push >= 2,000 ops/s on PostgreSQL and >= 500 on SQLite,
pull >= 5,000 changes/s.

The server and PostgreSQL runners are the tests' own (``tests/central/stationkit.py`` and
``pgcluster.py``), imported by adding that folder to ``sys.path``: they are plain modules (no
pytest) that the tests own and keep working, and moving them into a package both could import
would ship a PostgreSQL launcher inside ``central`` for the sake of a benchmark.

Run: ``python bench/sync.py [--ops N] [--blob-mb M] [--rounds R] [--batch B] [--page P]
[--backends sqlite postgresql]``. Exit status 0 (the verdicts are printed, as in the other
benchmarks).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
from sqlalchemy import Integer, String, Text, insert
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from kiosk.sync import outbox
from kiosk.sync.client import SyncClient, enrol, load_or_create_key
from kiosk.sync.outbox import OpDraft, enqueue
from kiosk.sync.protocol.blobs import CHUNK_SIZE
from kiosk.sync.protocol.pull import Change
from kiosk.sync.protocol.values import seal_text
from kiosk.sync.uploads import upload_blob
from kiosk.sync.worker import SyncWorker
from kiosk.vault.db import Database

ROOT = Path(__file__).resolve().parents[1]
TESTKIT = ROOT / "tests" / "central"
MB = 1000 * 1000
BACKENDS = ("sqlite", "postgresql")
PUSH_TARGET = {"postgresql": 2000.0, "sqlite": 500.0}  # ops/s, SYNC.md 3.9
PULL_TARGET = 5000.0  # changes/s, SYNC.md 3.9
BLOB_TARGET = 0.7  # ours / raw upload throughput
BLOB_WIRE_TARGET = 1.02  # wire bytes / ciphertext bytes
OPS_WIRE_TARGET = 1.3  # wire bytes / operation JSON bytes (SYNC.md 3.9)


def _testkit() -> tuple[Any, Any, Callable[[], int]]:
    """``CentralServer``, ``PostgresServer`` and ``free_port`` from the tests' helpers."""
    if str(TESTKIT) not in sys.path:
        sys.path.insert(0, str(TESTKIT))
    from pgcluster import PostgresServer
    from stationkit import CentralServer, free_port

    return CentralServer, PostgresServer, free_port


# --- the floor: a do-nothing application on the same uvicorn ------------------------------


async def floor_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Raw ASGI, no work: read the body and answer ``?reply=n`` bytes.

    ``/disk`` also writes the body to a file: the whole file, fsynced once at the end, or
    with ``?offset=n`` one chunk at ``n``, fdatasynced (as the platform stores a chunk).
    """
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    query = parse_qs(scope["query_string"].decode("latin-1"))
    reply = int(query.get("reply", ["0"])[0])
    offset = int(query["offset"][0]) if "offset" in query else None
    fd = None
    if scope["path"] == "/disk":
        target = Path(os.environ["BENCH_FLOOR_DIR"]) / "floor.bin"
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if offset is None else 0)
        fd = os.open(target, flags, 0o600)
    try:
        position = offset or 0
        more = True
        while more:
            message = await receive()
            body = message.get("body", b"")
            view = memoryview(body)
            while fd is not None and view:
                written = os.pwrite(fd, view, position)
                position += written
                view = view[written:]
            more = message.get("more_body", False)
        if fd is not None:
            if offset is None:
                os.fsync(fd)
            else:
                os.fdatasync(fd)
    finally:
        if fd is not None:
            os.close(fd)
    headers = [(b"content-type", b"application/octet-stream"), (b"content-length", b"%d" % reply)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"x" * reply})


def serve_floor(port: int) -> None:
    """The floor server (``--serve-floor``): uvicorn as ``kiosk-central serve`` runs it."""
    import uvicorn

    uvicorn.run(floor_app, host="127.0.0.1", port=port, log_level="info")


class FloorServer:
    """The floor application in a subprocess."""

    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> FloorServer:
        env = dict(os.environ, BENCH_FLOOR_DIR=str(self.directory))
        command = [sys.executable, __file__, "--serve-floor", str(self.port)]
        with (self.directory / "floor.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.base_url + "/", timeout=2).status_code == 200:
                    return self
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the floor server did not start")
            time.sleep(0.05)

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# --- a counting proxy ---------------------------------------------------------------------


class CountingProxy:
    """Forwards a loopback port to the platform and counts the bytes each way."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = 0  # station -> platform
        self.down = 0  # platform -> station
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()
        self._threads.append(accept)

    def reset(self) -> None:
        with self._lock:
            self.up = self.down = 0

    def totals(self) -> tuple[int, int]:
        """Bytes up and down since the last reset (once both sides have forwarded all)."""
        time.sleep(0.2)
        with self._lock:
            return self.up, self.down

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink, up in ((client, upstream, True), (upstream, client, False)):
                pump = threading.Thread(target=self._pump, args=(source, sink, up), daemon=True)
                pump.start()
                self._threads.append(pump)

    def _pump(self, source: socket.socket, sink: socket.socket, up: bool) -> None:
        buffer = bytearray(1 << 20)
        view = memoryview(buffer)
        try:
            while True:
                size = source.recv_into(buffer)
                if not size:
                    break
                sink.sendall(view[:size])
                with self._lock:
                    if up:
                        self.up += size
                    else:
                        self.down += size
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


# --- the station --------------------------------------------------------------------------


class _Local(DeclarativeBase):
    pass


class Pulled(_Local):
    """What the bench station keeps of each pulled entity (stands for the vault's tables)."""

    __tablename__ = "bench_pulled"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(Text)


def apply_changes(session: Session, changes: list[Change]) -> None:
    """Keep each change (one bulk upsert per page, in the worker's transaction)."""
    if not changes:
        return
    rows = [
        {
            "kind": change.kind.value,
            "id": change.id,
            "version": change.version,
            "state": change.state.model_dump_json(),
        }
        for change in changes
    ]
    session.execute(insert(Pulled).prefix_with("OR REPLACE"), rows)


@dataclass
class Call:
    """One signed request of the station."""

    method: str
    path: str
    sent: int
    received: int
    start: float
    end: float


class RecordingClient(SyncClient):
    """The station's client, noting each request's sizes and times (for the floor's replay)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[Call] = []
        self.push_seconds = 0.0  # inside push_raw: signing, HTTP, the platform, the answer read

    def push_raw(self, ops_json: list[str]) -> Any:
        start = time.perf_counter()
        try:
            return super().push_raw(ops_json)
        finally:
            self.push_seconds += time.perf_counter() - start

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        start = time.perf_counter()
        response = super().request(method, path, **kwargs)
        body: bytes = kwargs.get("body", b"")
        self.calls.append(
            Call(method, path, len(body), len(response.content), start, time.perf_counter())
        )
        return response

    def of(self, suffix: str) -> list[Call]:
        return [call for call in self.calls if call.path.endswith(suffix)]


class BenchStation:
    """An enrolled station: key, local database with its outbox, recording client, worker."""

    def __init__(self, root: Path, base_url: str, code: str, *, batch: int, page: int) -> None:
        root.mkdir(parents=True)
        self.key = load_or_create_key(root / "station.pem")
        self.identity = enrol(base_url, code, self.key, "banc d'essai")
        self.db = Database(root / "station.db")
        outbox.create_tables(self.db.engine)
        _Local.metadata.create_all(self.db.engine)
        self.client = RecordingClient(base_url, self.key, self.identity.station_id, timeout=120)
        self.worker = SyncWorker(
            self.db, self.client, apply_changes, push_batch=batch, pull_limit=page
        )

    def close(self) -> None:
        self.client.close()
        self.db.close()


def entities(count: int, tag: str) -> int:
    """How many entities :func:`drafts` makes (what the pull must bring back)."""
    return len({draft.entity_id for draft in drafts(count, tag, sealed_size=28)})


def drafts(count: int, tag: str, sealed_size: int | None = None) -> Iterator[OpDraft]:
    """``count`` operations, four per beneficiary: create it, file a request, add a note to
    the request, patch another field of the beneficiary (two entities per four operations)."""

    def sealed(size: int) -> str:
        return seal_text(os.urandom(sealed_size or size))

    for index in range(count):
        k = index // 4
        ben, req = f"b-{tag}-{k}", f"r-{tag}-{k}"
        step = index % 4
        if step == 0:
            yield OpDraft("beneficiary.patch", ben, {"fields": {"family_name": sealed(90)}})
        elif step == 1:
            yield OpDraft("ar.create", req, {"beneficiary_id": ben, "fields": {"aid": sealed(72)}})
        elif step == 2:
            note = os.urandom(8).hex()
            yield OpDraft("ar.note.add", req, {"note_id": note, "body": sealed(96)})
        else:
            yield OpDraft("beneficiary.patch", ben, {"fields": {"address": sealed(90)}})


def fill_outbox(station: BenchStation, count: int, tag: str) -> int:
    """Enqueue the operations (500 per local transaction); their JSON bytes."""
    pending = list(drafts(count, tag))
    size = 0
    for start in range(0, len(pending), 500):
        with station.db.transaction() as session:
            for draft in pending[start : start + 500]:
                size += len(enqueue(session, draft).op_json.encode("utf-8"))
    return size


# --- measures -----------------------------------------------------------------------------


@dataclass
class SyncRun:
    """One push-then-pull cycle of a station."""

    ops: int
    op_bytes: int
    push_seconds: float
    client_seconds: float
    pull_seconds: float
    changes: int
    pushes: list[Call]
    pulls: list[Call]
    blob_seconds: float = 0.0


def sync_once(
    base_url: str, code: str, root: Path, ops: int, tag: str, batch: int, page: int
) -> SyncRun:
    """Enrol a station, fill its outbox, then one worker cycle: push everything, pull."""
    station = BenchStation(root, base_url, code, batch=batch, page=page)
    try:
        op_bytes = fill_outbox(station, ops, tag)
        start = time.perf_counter()
        station.worker.run_once()
        end = time.perf_counter()
        status = station.worker.status()
        if status.pending or status.rejected or status.conflicts or status.last_error:
            raise RuntimeError(f"the cycle did not end clean: {status}")
        pushes, pulls = station.client.of("/sync/push"), station.client.of("/sync/pull")
        first_pull = pulls[0].start
        with station.db.transaction() as session:
            changes = session.query(Pulled).count()
        if changes != entities(ops, tag):
            raise RuntimeError(f"pulled {changes} entities, {entities(ops, tag)} expected")
        return SyncRun(
            ops=ops,
            op_bytes=op_bytes,
            push_seconds=first_pull - start,
            client_seconds=station.client.push_seconds,
            pull_seconds=end - first_pull,
            changes=changes,
            pushes=pushes,
            pulls=pulls,
        )
    finally:
        station.close()


def floor_replay(floor_url: str, calls: list[Call]) -> float:
    """Seconds for the same round trips (same body and answer sizes) to the floor."""
    bodies = [os.urandom(call.sent) if call.sent else b"" for call in calls]
    with httpx.Client(base_url=floor_url, timeout=120) as http:
        http.get("/", params={"reply": 1})  # the connection, as the worker's resume opens it
        start = time.perf_counter()
        for call, body in zip(calls, bodies, strict=True):
            if call.method == "GET":
                response = http.get("/echo", params={"reply": call.received})
            else:
                response = http.post("/echo", params={"reply": call.received}, content=body)
            if response.status_code != 200 or len(response.content) != call.received:
                raise RuntimeError("the floor answered wrong")
        return time.perf_counter() - start


def blob_once(station: BenchStation, data: bytes) -> float:
    """Seconds for ``upload_blob`` of ``data``, verified complete."""
    start = time.perf_counter()
    status = upload_blob(station.client, data)
    seconds = time.perf_counter() - start
    if not status.complete or status.sha256 != hashlib.sha256(data).hexdigest():
        raise RuntimeError(f"upload did not complete: {status}")
    return seconds


def floor_blob(floor: FloorServer, data: bytes, chunk: int | None = None) -> float:
    """Seconds for one PUT of ``data`` to the floor (written to disk, fsynced once), or with
    ``chunk``, for PUTs of that size (each written and fdatasynced, a 200-byte answer)."""
    with httpx.Client(base_url=floor.base_url, timeout=300) as http:
        http.get("/", params={"reply": 1})
        start = time.perf_counter()
        if chunk is None:
            answers = [http.put("/disk", content=data)]
        else:
            answers = []
            for at in range(0, len(data), chunk):
                query = {"offset": at, "reply": 200}
                answers.append(http.put("/disk", params=query, content=data[at : at + chunk]))
        seconds = time.perf_counter() - start
    if any(answer.status_code != 200 for answer in answers):
        raise RuntimeError("the floor refused the upload")
    (floor.directory / "floor.bin").unlink(missing_ok=True)
    return seconds


@dataclass
class BackendResult:
    """The medians of one backend's rounds."""

    name: str
    ops: int
    changes: int
    push: float
    push_client: float
    push_floor: float
    pull: float
    pull_floor: float
    blob: float
    blob_floor: float
    blob_chunk_floor: float
    batches: list[float] = field(default_factory=list)
    pages: int = 0


@dataclass
class Wire:
    """Bytes counted by the proxy (up: station to platform; down: the answers)."""

    blob_bytes: int = 0
    blob_up: int = 0
    blob_down: int = 0
    op_bytes: int = 0
    ops_up: int = 0
    ops_down: int = 0


class Platform:
    """One backend: its database, the platform process, an admin handle for enrol codes."""

    def __init__(self, stack: contextlib.ExitStack, root: Path, backend: str, pg: Any) -> None:
        from central.db import CentralDatabase
        from central.settings import sqlite_url

        central_server, _, _ = _testkit()
        if backend == "sqlite":
            url = sqlite_url(root / f"{backend}-db")
        else:
            url = pg.create_database("kiosk_bench")
            stack.callback(pg.drop_database, url)
        self.server = central_server(root / f"{backend}-data", url)
        stack.callback(self.server.stop)
        self.server.start()
        self.admin = CentralDatabase(url)
        stack.callback(self.admin.dispose)
        self.count = 0

    @property
    def base_url(self) -> str:
        url: str = self.server.base_url
        return url

    def code(self) -> tuple[str, str]:
        """A new structure's enrolment code, and a tag for its entity ids."""
        from central.enrolment import create_enrol_code

        self.count += 1
        tag = f"{os.getpid()}x{self.count}x{os.urandom(3).hex()}"
        return create_enrol_code(self.admin, f"bench-{tag}"), tag


def run_backend(
    platform: Platform, floor: FloorServer, root: Path, args: argparse.Namespace, name: str
) -> BackendResult:
    """``--rounds`` rounds on one backend, each: push and pull (then their floors), a blob
    between its two floors."""
    runs: list[SyncRun] = []
    floors: dict[str, list[float]] = {"push": [], "pull": [], "blob": [], "chunks": []}
    for index in range(args.rounds):
        code, tag = platform.code()
        where = root / f"{name}-sync{index}"
        run = sync_once(platform.base_url, code, where, args.ops, tag, args.batch, args.page)
        runs.append(run)
        floors["push"].append(floor_replay(floor.base_url, run.pushes))
        floors["pull"].append(floor_replay(floor.base_url, run.pulls))
        data = os.urandom(int(args.blob_mb * MB))
        code, _ = platform.code()
        where = root / f"{name}-blob{index}"
        station = BenchStation(where, platform.base_url, code, batch=args.batch, page=args.page)
        try:
            before = floor_blob(floor, data)
            run.blob_seconds = blob_once(station, data)
            after = floor_blob(floor, data)
        finally:
            station.close()
        floors["blob"].append(min(before, after))
        floors["chunks"].append(floor_blob(floor, data, CHUNK_SIZE))
        print(
            f"  {name} round {index + 1}: push {run.ops / run.push_seconds:,.0f} ops/s "
            f"(client and platform alone {run.ops / run.client_seconds:,.0f}), "
            f"pull {run.changes / run.pull_seconds:,.0f} changes/s, "
            f"blob {args.blob_mb * MB / run.blob_seconds / 1e6:,.0f} MB/s "
            f"(floor {args.blob_mb * MB / floors['blob'][-1] / 1e6:,.0f})",
            flush=True,
        )
    median = statistics.median
    return BackendResult(
        name=name,
        ops=args.ops,
        changes=runs[0].changes,
        push=median(r.push_seconds for r in runs),
        push_client=median(r.client_seconds for r in runs),
        push_floor=median(floors["push"]),
        pull=median(r.pull_seconds for r in runs),
        pull_floor=median(floors["pull"]),
        blob=median(r.blob_seconds for r in runs),
        blob_floor=median(floors["blob"]),
        blob_chunk_floor=median(floors["chunks"]),
        batches=[c.end - c.start for r in runs for c in r.pushes],
        pages=len(runs[0].pulls),
    )


def measure_wire(platform: Platform, root: Path, args: argparse.Namespace) -> Wire:
    """Push the operations and upload a blob once more, through the counting proxy."""
    wire = Wire()
    proxy = CountingProxy(platform.server.port)
    try:
        code, tag = platform.code()
        station = BenchStation(root, proxy.base_url, code, batch=args.batch, page=args.page)
        try:
            wire.op_bytes = fill_outbox(station, args.ops, tag)
            station.client.sync_clock()
            with station.db.transaction() as session:
                texts = [row.op_json for row in outbox.pending(session, args.ops)]
            proxy.reset()
            for start in range(0, len(texts), args.batch):
                station.client.push_raw(texts[start : start + args.batch])
            wire.ops_up, wire.ops_down = proxy.totals()
            data = os.urandom(int(args.blob_mb * MB))
            proxy.reset()
            upload_blob(station.client, data)
            wire.blob_bytes = len(data)
            wire.blob_up, wire.blob_down = proxy.totals()
        finally:
            station.close()
    finally:
        proxy.close()
    return wire


# --- report -------------------------------------------------------------------------------

HEADER = ("measure", "ours", "floor / base", "ratio", "target", "verdict")


class Table:
    """The rows of the report."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []
        self.missed = 0

    def row(
        self,
        name: str,
        ours: str,
        floor: str = "",
        ratio: str = "",
        target: str = "",
        ok: bool | None = None,
    ) -> None:
        self.missed += ok is False
        verdict = "" if ok is None else ("met" if ok else "missed")
        self.rows.append((name, ours, floor, ratio, target, verdict))

    def print(self) -> None:
        widths = [max(len(cells[i]) for cells in [HEADER, *self.rows]) for i in range(6)]
        lines = [HEADER, tuple("-" * width for width in widths), *self.rows]
        for cells in lines:
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def report(results: list[BackendResult], wire: Wire | None, args: argparse.Namespace) -> int:
    table = Table()
    for r in results:
        goal = PUSH_TARGET[r.name]
        push, client, floor = r.ops / r.push, r.ops / r.push_client, r.ops / r.push_floor
        table.row(
            f"push {r.ops:,} ops, {r.name}: SyncWorker",
            f"{push:,.0f} ops/s",
            f"{floor:,.0f} ops/s",
            f"{push / floor:.3f}x",
            f">= {goal:,.0f} ops/s",
            push >= goal,
        )
        table.row(
            "  of which client + platform (push_raw)",
            f"{client:,.0f} ops/s",
            f"{floor:,.0f} ops/s",
            f"{client / floor:.3f}x",
            f">= {goal:,.0f} ops/s",
            client >= goal,
        )
        table.row(
            "  station-local (outbox read, results kept)",
            f"{(r.push - r.push_client) / r.push:.0%} of the time",
        )
        p95 = statistics.quantiles(r.batches, n=20)[-1] if len(r.batches) > 1 else r.batches[0]
        table.row(f"  push request p95 ({args.batch} ops)", f"{p95 * 1000:.0f} ms")
        pull, floor = r.changes / r.pull, r.changes / r.pull_floor
        table.row(
            f"pull {r.changes:,} changes ({r.pages} pages), {r.name}",
            f"{pull:,.0f} ch/s",
            f"{floor:,.0f} ch/s",
            f"{pull / floor:.3f}x",
            f">= {PULL_TARGET:,.0f} ch/s",
            pull >= PULL_TARGET,
        )
        blob, floor = args.blob_mb / r.blob, args.blob_mb / r.blob_floor
        table.row(
            f"blob {args.blob_mb:g} MB upload_blob, {r.name}",
            f"{blob:,.0f} MB/s",
            f"{floor:,.0f} MB/s",
            f"{blob / floor:.3f}x",
            f">= {BLOB_TARGET}x",
            blob / floor >= BLOB_TARGET,
        )
        chunks = args.blob_mb / r.blob_chunk_floor
        table.row(
            "  vs 1 MiB PUTs to the floor, each fdatasynced",
            f"{blob:,.0f} MB/s",
            f"{chunks:,.0f} MB/s",
            f"{blob / chunks:.3f}x",
        )
    if wire is not None:
        ratio = wire.blob_up / wire.blob_bytes
        table.row(
            "blob bytes sent / ciphertext",
            f"{wire.blob_up:,} B",
            f"{wire.blob_bytes:,} B",
            f"{ratio:.4f}x",
            f"<= {BLOB_WIRE_TARGET}x",
            ratio <= BLOB_WIRE_TARGET,
        )
        both = wire.blob_up + wire.blob_down
        table.row(
            "  both ways (with the answers)",
            f"{both:,} B",
            f"{wire.blob_bytes:,} B",
            f"{both / wire.blob_bytes:.4f}x",
        )
        ratio = wire.ops_up / wire.op_bytes
        table.row(
            "push bytes sent / op JSON",
            f"{wire.ops_up:,} B",
            f"{wire.op_bytes:,} B",
            f"{ratio:.3f}x",
            f"<= {OPS_WIRE_TARGET}x",
            ratio <= OPS_WIRE_TARGET,
        )
        both = wire.ops_up + wire.ops_down
        table.row(
            "  both ways (with the results)",
            f"{both:,} B",
            f"{wire.op_bytes:,} B",
            f"{both / wire.op_bytes:.3f}x",
        )
    table.print()
    return table.missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=10_000, help="operations pushed per round")
    parser.add_argument("--blob-mb", type=float, default=50, help="blob size, MB (10^6 bytes)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per backend")
    parser.add_argument("--batch", type=int, default=500, help="operations per push")
    parser.add_argument("--page", type=int, default=500, help="changes per pull page")
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    parser.add_argument("--serve-floor", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_floor is not None:
        serve_floor(args.serve_floor)
        return 0
    _, postgres_server, free_port = _testkit()
    results: list[BackendResult] = []
    wire: Wire | None = None
    op_bytes = 0
    with contextlib.ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        stack.callback(shutil.rmtree, root, True)
        floor = stack.enter_context(FloorServer(root, free_port()))
        pg = None
        if "postgresql" in args.backends:
            pg = postgres_server.start(fsync=True)
            stack.callback(pg.stop)
        for name in args.backends:
            with contextlib.ExitStack() as inner:
                platform = Platform(inner, root, name, pg)
                results.append(run_backend(platform, floor, root, args, name))
                if wire is None:  # the bytes do not depend on the database
                    wire = measure_wire(platform, root / f"{name}-wire", args)
                    op_bytes = wire.op_bytes
    print()
    print(
        f"sync benchmark on loopback: {args.ops:,} operations of ~{op_bytes / args.ops:.0f} B "
        f"pushed {args.batch} a request and pulled {args.page} changes a page, a "
        f"{args.blob_mb:g} MB blob; medians of {args.rounds} interleaved rounds"
    )
    print(
        "floor: the same requests (same sizes both ways) sent with httpx to a raw ASGI app on "
        "the same uvicorn that does nothing; for the blob, one PUT of the same bytes, written "
        "to disk and fsynced once. Ratios: ours / floor."
    )
    missed = report(results, wire, args)
    print(f"{missed} target(s) missed" if missed else "all targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
