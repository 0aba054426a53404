"""What the central tests drive the platform with: the real server in a subprocess, and a
small signed HTTP client standing for a station (the kiosk's own client comes with kiosk.sync).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.sync.protocol.blobs import CHUNK_SIZE
from kiosk.sync.protocol.hlc import pack, wall_ms
from kiosk.sync.protocol.signing import sign_enrolment, sign_request
from kiosk.sync.protocol.values import seal_text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class CentralServer:
    """``kiosk-central serve`` in a subprocess on a loopback port."""

    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    def start(self) -> CentralServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "central.cli",
            "--data-dir",
            str(self.data_dir),
            "--database-url",
            self.database_url,
            "serve",
            "--port",
            str(self.port),
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.base_url}/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"central server did not start:\n{self.log.read_text()}")
            time.sleep(0.05)

    def kill(self) -> None:
        """``kill -9``: no shutdown of any kind."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def outbox(self) -> list[dict[str, Any]]:
        path = self.data_dir / "outbox.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def sealed(size: int = 48) -> str:
    """Random bytes standing for a vault ciphertext."""
    return seal_text(os.urandom(size))


class Station:
    """An enrolled station: its key, id, operation seq and clock; signs every request."""

    def __init__(
        self, base_url: str, key: ec.EllipticCurvePrivateKey, station_id: str, structure_id: str
    ) -> None:
        self.key = key
        self.station_id = station_id
        self.structure_id = structure_id
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.seq = 0
        self._hlc = 0
        self.clock_offset = 0

    @classmethod
    def enrol(cls, base_url: str, code: str, label: str = "borne de test") -> Station:
        key = ec.generate_private_key(ec.SECP256R1())
        public, proof = sign_enrolment(key, code)
        answer = httpx.post(
            f"{base_url}/v1/stations/enrol",
            timeout=30,
            json={"code": code, "public_key": public, "proof": proof, "label": label},
        )
        assert answer.status_code == 201, answer.text
        body = answer.json()
        return cls(base_url, key, body["station_id"], body["structure_id"])

    def close(self) -> None:
        self.http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes = b"",
        json_body: Any = None,
        timestamp: int | None = None,
        nonce: str | None = None,
        headers: dict[str, str] | None = None,
        key: ec.EllipticCurvePrivateKey | None = None,
    ) -> httpx.Response:
        if json_body is not None:
            body = json.dumps(json_body).encode()
        request = self.http.build_request(method, path, content=body, headers=headers or {})
        target = request.url.raw_path.decode("ascii")
        stamp = int(time.time()) + self.clock_offset if timestamp is None else timestamp
        request.headers.update(
            sign_request(key or self.key, self.station_id, method, target, body, stamp, nonce)
        )
        if json_body is not None:
            request.headers["Content-Type"] = "application/json"
        return self.http.send(request)

    # operations

    def hlc(self) -> int:
        self._hlc = max(self._hlc + 1, pack(wall_ms() + self.clock_offset * 1000))
        return self._hlc

    def op(
        self, op_type: str, entity_id: str, payload: dict[str, Any], base_version: int = 0
    ) -> dict[str, Any]:
        self.seq += 1
        return {
            "op_id": str(uuid.uuid4()),
            "seq": self.seq,
            "op_type": op_type,
            "entity_id": entity_id,
            "base_version": base_version,
            "hlc": self.hlc(),
            "payload": payload,
        }

    def push(self, ops: list[dict[str, Any]]) -> httpx.Response:
        return self.request("POST", "/v1/sync/push", json_body={"ops": ops})

    def push_ok(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = self.push(ops)
        assert answer.status_code == 200, answer.text
        results: list[dict[str, Any]] = answer.json()["results"]
        return results

    def pull(self, cursor: str = "", limit: int = 500) -> httpx.Response:
        query = httpx.QueryParams(cursor=cursor, limit=limit)
        return self.request("GET", f"/v1/sync/pull?{query}")

    def pull_all(
        self, cursor: str = "", limit: int = 500
    ) -> tuple[dict[tuple[str, str], Any], str]:
        """Every change after ``cursor``, keyed by (kind, id); the last cursor."""
        seen: dict[tuple[str, str], Any] = {}
        while True:
            answer = self.pull(cursor, limit)
            assert answer.status_code == 200, answer.text
            page = answer.json()
            for change in page["changes"]:
                seen[(change["kind"], change["id"])] = change
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return seen, cursor

    # blobs

    def create_upload(self, sha256: str, size: int) -> httpx.Response:
        return self.request("POST", "/v1/uploads", json_body={"sha256": sha256, "size": size})

    def put_chunk(self, upload_id: str, offset: int, data: bytes) -> httpx.Response:
        return self.request("PUT", f"/v1/uploads/{upload_id}?offset={offset}", body=data)

    def upload_from(
        self, upload_id: str, data: bytes, offset: int, chunk_size: int = CHUNK_SIZE
    ) -> tuple[dict[str, Any], int]:
        """Send ``data`` from ``offset`` to the end; the last status and the bytes sent."""
        sent = 0
        status: dict[str, Any] = {}
        while offset < len(data):
            chunk = data[offset : offset + chunk_size]
            answer = self.put_chunk(upload_id, offset, chunk)
            assert answer.status_code == 200, answer.text
            status = answer.json()
            sent += len(chunk)
            offset = status["offset"]
        return status, sent


def send_cut(station: Station, method: str, path: str, body: bytes, cut: int) -> None:
    """Send a signed request whose body stops after ``cut`` bytes, then drop the connection
    (a station losing power or network in the middle of a chunk)."""
    url = station.http.base_url
    request = station.http.build_request(method, path, content=body)
    target = request.url.raw_path.decode("ascii")
    headers = sign_request(
        station.key,
        station.station_id,
        method,
        target,
        body,
        int(time.time()) + station.clock_offset,
    )
    lines = [
        f"{method} {target} HTTP/1.1",
        f"Host: {url.host}:{url.port}",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    with socket.create_connection((str(url.host), int(url.port or 80)), timeout=10) as sock:
        sock.sendall(head + body[:cut])
