"""``kiosk-central serve`` starts a real HTTP server on loopback and answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_answers_health_over_http(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "central.cli", "serve", "--port", str(port)]
    environ = dict(os.environ, KIOSK_CENTRAL_DATA=str(tmp_path / "central"))
    with subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ
    ) as server:
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    answer = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, server.stderr.read() if server.stderr else ""
                    assert time.monotonic() < deadline, "server did not start"
                    time.sleep(0.1)
            assert answer.status_code == 200
            assert answer.json() == {"status": "ok", "protocol": 1}
            missing = httpx.get(f"http://127.0.0.1:{port}/v1/nothing", timeout=2)
            assert missing.status_code == 404
            # no set-up: SQLite and the blob store in the data directory
            assert (tmp_path / "central" / "central.db").exists()
        finally:
            server.terminate()
            server.wait(timeout=10)
