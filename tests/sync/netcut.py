"""A loopback TCP proxy between a station and the platform that injects network faults.

Modes (attributes, changed at any time by the test):

- ``down``: new connections are refused at once (no network at all).
- ``drop_requests``: a connection is closed before anything reaches the platform (the
  request is lost on the way).
- ``cut``: the request reaches the platform, which applies it, and whatever it answers is
  thrown away (the answer is lost on the way back: the worst moment).
- ``hold`` (:meth:`hold_answers`): like ``cut``, but the first bytes of the answer set
  :attr:`answer_arrived` and the connection stays open until :meth:`release`, so a test
  can ``kill -9`` the platform or the station *between the commit and the acknowledgement*.
- ``duplicate``: each request is delivered twice, on two connections (a retransmission
  by a middlebox); the station sees the first answer.
- :meth:`truncate_after`: the line dies once that many bytes of document chunks have gone
  through, in the middle of a chunk (:attr:`body_bytes` counts what went through).
- :meth:`random_faults`: each connection independently loses its request or its answer with
  the given probabilities (seeded).

Requests are read whole before they are forwarded (HTTP/1.1 with ``Content-Length``, which
is all the station sends), so a fault always hits a whole request, never half of one.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading


def _read_request(sock: socket.socket) -> bytes | None:
    """One whole HTTP/1.1 request from ``sock`` (None if the peer closed first)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(_headers(head).get(b"content-length", b"0"))
    while len(body) < length:
        chunk = sock.recv(max(65536, length - len(body)))
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body


def _headers(head: bytes) -> dict[bytes, bytes]:
    """The header fields of an HTTP head, names and values in lower case."""
    fields: dict[bytes, bytes] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        fields[name.strip().lower()] = value.strip().lower()
    return fields


def _complete(headers: dict[bytes, bytes], body: bytes) -> bool:
    """Whether ``body`` is the whole body of an answer with these headers."""
    if headers.get(b"transfer-encoding") == b"chunked":
        return body.endswith(b"0\r\n\r\n")
    return len(body) >= int(headers.get(b"content-length", b"0"))


def _close(*socks: socket.socket) -> None:
    for sock in socks:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            sock.close()


class CuttableProxy:
    """Forwards ``127.0.0.1:<port>`` to ``target_port``, one request per connection turn."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.cut = False
        self.down = False
        self.drop_requests = False
        self.hold = False
        self.duplicate = False
        self.cuts = 0
        self.dropped = 0
        self.duplicated = 0
        self.body_bytes = 0  # bytes of upload chunks forwarded to the platform
        self._truncate_at: int | None = None
        self.answer_arrived = threading.Event()
        self._released = threading.Event()
        self._rng: random.Random | None = None
        self._p_request = 0.0
        self._p_answer = 0.0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def random_faults(self, rng: random.Random, request: float, answer: float) -> None:
        """Lose each request with probability ``request``, each answer with ``answer``."""
        self._rng, self._p_request, self._p_answer = rng, request, answer

    def truncate_after(self, count: int) -> None:
        """Cut the line after ``count`` more bytes of upload chunks (mid-chunk)."""
        self._truncate_at = self.body_bytes + count

    def calm(self) -> None:
        """No fault of any kind from now on."""
        self.cut = self.down = self.drop_requests = self.hold = self.duplicate = False
        self._rng = None
        self._truncate_at = None
        self.release()

    def hold_answers(self) -> None:
        """Hold the next answers (see ``hold``); :attr:`answer_arrived` is cleared."""
        self.answer_arrived.clear()
        self._released.clear()
        self.hold = True

    def release(self) -> None:
        """End a ``hold``: the held answers are dropped and their connections closed."""
        self.hold = False
        self._released.set()

    def close(self) -> None:
        self._closed = True
        self.release()
        self._listener.close()
        with self._lock:
            _close(*self._sockets)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.down:
                _close(client)
                continue
            with self._lock:
                self._sockets.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _roll(self, p: float) -> bool:
        with self._lock:
            return self._rng is not None and self._rng.random() < p

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            while True:
                request = _read_request(client)
                if request is None:
                    return
                if self.down or self.drop_requests or self._roll(self._p_request):
                    self.dropped += 1
                    return
                if upstream is None:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port))
                    with self._lock:
                        self._sockets.append(upstream)
                if self.duplicate:
                    self.duplicated += 1
                    threading.Thread(
                        target=self._deliver_again, args=(request,), daemon=True
                    ).start()
                if not self._forward(request, upstream):
                    return
                if not self._answer(upstream, client):
                    return
        except OSError:
            return
        finally:
            _close(client, *([upstream] if upstream is not None else []))

    def _forward(self, request: bytes, upstream: socket.socket) -> bool:
        """Send a request on; False if the line died in the middle of it."""
        head, _, body = request.partition(b"\r\n\r\n")
        if not head.startswith(b"PUT /v1/uploads/"):
            upstream.sendall(request)
            return True
        with self._lock:
            room = None if self._truncate_at is None else self._truncate_at - self.body_bytes
            if room is not None and room < len(body):
                self._truncate_at = None
                self.body_bytes += max(room, 0)
                upstream.sendall(head + b"\r\n\r\n" + body[: max(room, 0)])
                self.cuts += 1
                return False
            self.body_bytes += len(body)
        upstream.sendall(request)
        return True

    def _answer(self, upstream: socket.socket, client: socket.socket) -> bool:
        """Relay one answer; False when the connection must end (answer lost)."""
        lose = self.cut or self.down or self._roll(self._p_answer)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = upstream.recv(65536)
            if not chunk:
                return False
            data += chunk
        if self.hold:
            self.cuts += 1
            self.answer_arrived.set()
            self._released.wait(60)
            return False
        if lose:
            self.cuts += 1
            return False
        client.sendall(data)
        head, _, body = data.partition(b"\r\n\r\n")
        headers = _headers(head)
        while not _complete(headers, body):
            chunk = upstream.recv(65536)
            if not chunk:
                return False
            body += chunk
            client.sendall(chunk)
        return True

    def _deliver_again(self, request: bytes) -> None:
        try:
            with socket.create_connection(("127.0.0.1", self.target_port), timeout=30) as sock:
                sock.sendall(request)
                data = b""
                while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
                    data += chunk
        except OSError:
            pass
