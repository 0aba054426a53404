"""The virtual PIV card in a vpcd reader slot (vsmartcard's ``vsmartcard-vpcd`` driver).

The card is the TCP client of vpcd (port 35963 is "Virtual PCD 00 00", the next port the
next slot). Every message, both ways, is a 2-byte big-endian length then the payload. A
1-byte payload from vpcd is a control (0 power off, 1 power on, 2 reset, 4 send the ATR);
anything longer is an APDU, answered with the R-APDU. Connecting inserts the card, closing
the socket pulls it out.

``python -m kiosk.hardware.virtual_card --state FILE`` inserts a card until SIGTERM/SIGINT;
:func:`insert_detached` and :func:`remove_detached` run that in the background.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from kiosk.hardware.virtual_piv import QUIRKS, CardPulled, VirtualPivCard

__all__ = [
    "DEFAULT_PORT",
    "CardPulled",
    "VirtualPivCard",
    "VpcdCardLink",
    "insert_detached",
    "main",
    "remove_detached",
]

log = logging.getLogger(__name__)

DEFAULT_PORT = 0x8C7B  # 35963, /etc/reader.conf.d/vpcd
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4
READY = "ready"


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    """Exactly ``size`` bytes, None if the peer closed the connection first."""
    buffer = bytearray()
    while len(buffer) < size:
        _quickack(sock)
        chunk = sock.recv(size - len(buffer))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)


def _quickack(sock: socket.socket) -> None:
    """Ask Linux to acknowledge the next segment at once.

    vpcd may write the length and the payload separately: with a delayed ACK of the length,
    Nagle holds the payload about 40 ms. Linux leaves quick-ACK mode once we answer, so this
    is re-armed before every receive.
    """
    option = getattr(socket, "TCP_QUICKACK", None)
    if option is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, option, 1)


class VpcdCardLink:
    """One virtual card in one vpcd reader slot, served on a daemon thread."""

    def __init__(
        self,
        state_path: Path,
        port: int = DEFAULT_PORT,
        host: str = "127.0.0.1",
        quirks: frozenset[str] = frozenset(),
    ) -> None:
        self.state_path = state_path
        self.port = port
        self.host = host
        self.quirks = frozenset(quirks)
        self.apdus = 0
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._ended = threading.Event()
        self._ended.set()

    @property
    def inserted(self) -> bool:
        """Whether the card is connected to vpcd."""
        return not self._ended.is_set()

    def insert(self, timeout: float = 5.0) -> None:
        """Load the card from its state file, connect to vpcd and serve it.

        Raises:
            RuntimeError: already inserted. TimeoutError: vpcd did not accept in time.
        """
        if self.inserted:
            raise RuntimeError("the card is already inserted")
        card = VirtualPivCard(self.state_path, self.quirks)
        sock = self._connect(timeout)
        self._sock = sock
        self._ended.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(sock, card), name=f"vpcd-card-{self.port}", daemon=True
        )
        self._thread.start()

    def _connect(self, timeout: float) -> socket.socket:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                sock = socket.create_connection((self.host, self.port), max(remaining, 0.05))
                break
            except OSError as exc:
                if remaining <= 0:
                    raise TimeoutError(f"no vpcd on {self.host}:{self.port}: {exc}") from exc
                time.sleep(min(0.05, max(remaining, 0.0)))
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _quickack(sock)
        return sock

    def remove(self) -> None:
        """Pull the card out: close the socket and wait for the serving thread."""
        sock, thread = self._sock, self._thread
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        if sock is not None:
            sock.close()
        self._sock = self._thread = None
        self._ended.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the card is out (removed, pulled by a quirk, or vpcd hung up)."""
        return self._ended.wait(timeout)

    def _serve(self, sock: socket.socket, card: VirtualPivCard) -> None:
        try:
            while True:
                header = _recv_exact(sock, 2)
                if header is None:
                    break
                message = _recv_exact(sock, int.from_bytes(header, "big"))
                if message is None:
                    break
                answer = self._handle(card, message)
                if answer is not None:
                    sock.sendall(len(answer).to_bytes(2, "big") + answer)
        except CardPulled as exc:
            log.info("virtual card pulled out on %s (test quirk)", exc)
        except OSError as exc:
            log.debug("vpcd link closed: %s", exc)
        finally:
            card.power_off()
            sock.close()
            self._ended.set()

    def _handle(self, card: VirtualPivCard, message: bytes) -> bytes | None:
        if len(message) == 1:
            control = message[0]
            if control == CTRL_ATR:
                return card.atr
            if control == CTRL_ON:
                card.power_on()
            elif control == CTRL_OFF:
                card.power_off()
            elif control == CTRL_RESET:
                card.reset()
            else:
                log.warning("unknown vpcd control %d", control)
            return None
        self.apdus += 1
        try:
            return card.process(message)
        except CardPulled:
            raise
        except Exception:  # a bug in the card must not hang pcscd: answer "no precise diagnosis"
            log.exception("virtual card failed on INS %02X", message[1] if len(message) > 1 else 0)
            return b"\x6f\x00"


# -- command line and background process ---------------------------------------------------


def _write_pid(pid_file: Path) -> None:
    tmp = pid_file.with_name(f".{pid_file.name}.tmp")
    tmp.write_text(f"{os.getpid()}\n", encoding="ascii")
    os.replace(tmp, pid_file)


def main(argv: Sequence[str] | None = None) -> int:
    """Insert a virtual card into vpcd and serve it until SIGTERM/SIGINT."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.hardware.virtual_card", description=main.__doc__
    )
    parser.add_argument("--state", type=Path, required=True, help="card state file (JSON)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="vpcd port")
    parser.add_argument("--host", default="127.0.0.1", help="vpcd host")
    parser.add_argument("--quirk", action="append", default=[], choices=sorted(QUIRKS))
    parser.add_argument("--pid-file", type=Path, help="written once the card is inserted")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to reach vpcd")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")

    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    link = VpcdCardLink(args.state, args.port, args.host, frozenset(args.quirk))
    try:
        link.insert(timeout=args.timeout)
    except TimeoutError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        if args.pid_file is not None:
            _write_pid(args.pid_file)
        print(READY, flush=True)
        while not stop.is_set() and link.inserted:
            stop.wait(0.2)
    finally:
        link.remove()
        if args.pid_file is not None:
            with contextlib.suppress(FileNotFoundError):
                if args.pid_file.read_text().strip() == str(os.getpid()):
                    args.pid_file.unlink()
    return 0


_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def _alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def insert_detached(
    state: Path,
    port: int,
    pid_file: Path,
    *,
    host: str = "127.0.0.1",
    quirks: frozenset[str] = frozenset(),
    timeout: float = 10.0,
) -> int:
    """Run the card CLI in the background; return its pid once the card is inserted.

    Its messages go to ``<pid_file>.log``.

    Raises:
        RuntimeError: a card is already running on this pid file, or the card did not start.
    """
    running = _read_pid(pid_file)
    if running is not None and _alive(running):
        raise RuntimeError(f"a virtual card is already inserted (pid {running})")
    pid_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "kiosk.hardware.virtual_card", "--state", str(state)]
    command += ["--port", str(port), "--host", host, "--pid-file", str(pid_file)]
    command += ["--timeout", str(timeout)]
    for quirk in sorted(quirks):
        command += ["--quirk", quirk]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    log_path = pid_file.with_name(pid_file.name + ".log")
    with open(log_path, "ab") as log_file:
        child = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            env=env,
            start_new_session=True,
        )
    _CHILDREN[child.pid] = child
    deadline = time.monotonic() + timeout + 5.0
    while time.monotonic() < deadline:
        if _read_pid(pid_file) == child.pid:
            return child.pid
        if child.poll() is not None:
            _CHILDREN.pop(child.pid, None)
            tail = log_path.read_text(errors="replace")[-500:]
            raise RuntimeError(f"the virtual card exited ({child.returncode}): {tail}")
        time.sleep(0.02)
    child.kill()
    child.wait()
    _CHILDREN.pop(child.pid, None)
    raise RuntimeError("the virtual card did not reach vpcd in time")


def remove_detached(pid_file: Path, timeout: float = 5.0) -> bool:
    """Stop the background card (SIGTERM, then SIGKILL); False if none was running."""
    pid = _read_pid(pid_file)
    if pid is None:
        return False
    was_running = _alive(pid)
    if was_running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    child = _CHILDREN.pop(pid, None)
    if child is not None:
        child.wait(timeout)
    pid_file.unlink(missing_ok=True)
    return was_running


if __name__ == "__main__":
    sys.exit(main())
