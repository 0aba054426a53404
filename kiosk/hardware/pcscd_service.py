"""A PC/SC daemon with the vpcd (virtual reader) driver, for the demo, the tests and benches.

A station uses the system's pcscd. On a development machine, :func:`ensure_pcscd` uses the
pcscd already running when there is one, and otherwise starts its own with a reader
configuration naming only the vpcd driver, on a free TCP port pair, and stops it afterwards.

pcsc-lite 1.9 always listens on ``/run/pcscd/pcscd.comm`` (the socket name is fixed at build
time), so only one pcscd runs on a machine at a time.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from kiosk.hardware.pcsc import PcscError, list_readers

SOCKET: Final = Path("/run/pcscd/pcscd.comm")
SYSTEM_READER_CONF: Final = Path("/etc/reader.conf.d")
VPCD_DEFAULT_PORT: Final = 0x8C7B
VPCD_DRIVERS: Final = (
    Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
    Path("/usr/lib64/pcsc/drivers/serial/libifdvpcd.so"),
)
VIRTUAL_READER: Final = "Virtual PCD"


class PcscdUnavailable(RuntimeError):
    """No pcscd with the vpcd driver could be used or started (the message says why)."""


@dataclass
class PcscdService:
    """A reachable pcscd with virtual readers.

    Attributes:
        vpcd_port: the TCP port of the first virtual reader (the second is the next port).
        readers: the virtual readers' names, first reader first.
        started: true when this process started the daemon (``stop`` then ends it).
    """

    vpcd_port: int
    readers: tuple[str, ...]
    started: bool
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def reader_for_port(self, port: int) -> str:
        """The reader name a virtual card connecting to ``port`` appears in."""
        return self.readers[port - self.vpcd_port]

    def stop(self) -> None:
        """Stops the daemon if this process started it; otherwise does nothing."""
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _socket_answers() -> bool:
    if not SOCKET.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(SOCKET))
        except OSError:
            return False
    return True


def _vpcd_channel(conf: Path) -> int | None:
    text = conf.read_text(errors="replace") if conf.is_file() else ""
    if "libifdvpcd" not in text:
        return None
    found = re.search(r"^\s*CHANNELID\s+(0x[0-9A-Fa-f]+|\d+)", text, re.MULTILINE)
    return int(found.group(1), 0) if found else None


def _running_config() -> Path | None:
    """The ``--config`` file of the running pcscd, when it was started with one."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if not args or Path(os.fsdecode(args[0])).name != "pcscd":
            continue
        for flag, value in itertools.pairwise(args):
            if flag in (b"--config", b"-c"):
                return Path(os.fsdecode(value))
    return None


def _configured_port(conf_dir: Path = SYSTEM_READER_CONF) -> int | None:
    """The vpcd port of the running pcscd: its ``--config`` file, else the system's."""
    running = _running_config()
    if running is not None:
        return _vpcd_channel(running)
    if not conf_dir.is_dir():
        return None
    for conf in sorted(conf_dir.iterdir()):
        port = _vpcd_channel(conf)
        if port is not None:
            return port
    return None


def _virtual_readers(timeout: float) -> tuple[str, ...]:
    deadline = time.monotonic() + timeout
    last_error = ""
    while True:
        try:
            names = tuple(sorted(r for r in list_readers() if r.startswith(VIRTUAL_READER)))
        except PcscError as exc:
            names, last_error = (), str(exc)
        if names:
            return names
        if time.monotonic() > deadline:
            raise PcscdUnavailable(f"pcscd shows no virtual reader {last_error}".strip())
        time.sleep(0.05)


def _free_port_pair() -> int:
    """A port P such that P and P+1 are both free on 127.0.0.1 now."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            if port >= 65535:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
            return port
    raise PcscdUnavailable("no free TCP port pair for the virtual readers")


def _driver() -> Path:
    for path in VPCD_DRIVERS:
        if path.exists():
            return path
    raise PcscdUnavailable("the vpcd driver is not installed (Debian package vsmartcard-vpcd)")


def _start(work_dir: Path, timeout: float) -> PcscdService:
    binary = shutil.which("pcscd", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if binary is None:
        raise PcscdUnavailable("pcscd is not installed (Debian package pcscd)")
    port = _free_port_pair()
    conf = work_dir / "reader.conf"
    conf.write_text(
        f'FRIENDLYNAME "{VIRTUAL_READER}"\n'
        f"DEVICENAME   /dev/null:{port:#x}\n"
        f"LIBPATH      {_driver()}\n"
        f"CHANNELID    {port:#x}\n"
    )
    command = [binary, "--foreground", "--config", str(conf)]
    if os.geteuid() != 0 and not os.access(SOCKET.parent, os.W_OK):
        command = ["sudo", "-n", *command]
    log = (work_dir / "pcscd.log").open("wb")
    with log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + timeout
    while not _socket_answers():
        if process.poll() is not None:
            output = (work_dir / "pcscd.log").read_text(errors="replace")[-500:]
            raise PcscdUnavailable(f"pcscd stopped at start (exit {process.returncode}): {output}")
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise PcscdUnavailable("pcscd did not open its socket in time")
        time.sleep(0.02)
    service = PcscdService(port, (), True, process)
    try:
        service.readers = _virtual_readers(max(deadline - time.monotonic(), 1.0))
    except PcscdUnavailable:
        service.stop()
        raise
    return service


def vpcd_port() -> int:
    """The port of the first virtual reader of the running pcscd.

    Raises:
        PcscdUnavailable: no pcscd runs, or it has no vpcd reader configured.
    """
    if not _socket_answers():
        raise PcscdUnavailable("pcscd does not run")
    port = _configured_port()
    if port is None:
        raise PcscdUnavailable("pcscd has no vpcd reader configured")
    return port


def ensure_pcscd(work_dir: Path, timeout: float = 10.0) -> PcscdService:
    """Returns a pcscd with virtual readers: the running one, or a new one started here.

    Args:
        work_dir: where a started daemon keeps its reader configuration and log.
        timeout: seconds to wait for the daemon and its readers.

    Raises:
        PcscdUnavailable: pcscd or the vpcd driver is missing, or the daemon did not come up.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    if _socket_answers():
        port = _configured_port()
        if port is None:
            raise PcscdUnavailable(
                "a pcscd runs without the vpcd driver configured in /etc/reader.conf.d"
            )
        return PcscdService(port, _virtual_readers(timeout), False)
    with contextlib.suppress(OSError):
        SOCKET.unlink()  # a stale socket from a daemon that died
    return _start(work_dir, timeout)
