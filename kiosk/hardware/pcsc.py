"""PC/SC through pyscard: the only module of the kiosk that imports ``smartcard``.

It uses pyscard's thin ``scard`` layer, to choose exactly how the card is shared (exclusive:
no other program may talk to the card during a session), how it is released (reset, so a
verified PIN does not outlive the session), and how presence is watched
(``SCardGetStatusChange``, no polling).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from smartcard import scard

from kiosk.hardware.card import CardRemoved, ReaderEvent

_PNP = "\\\\?PnP?\\Notification"


class PcscError(RuntimeError):
    """PC/SC itself failed (no daemon, no reader)."""

    def __init__(self, call: str, code: int) -> None:
        super().__init__(f"{call}: {scard.SCardGetErrorMessage(code)} ({code & 0xFFFFFFFF:08X})")
        self.call = call
        self.code = code


def _context() -> Any:
    code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if code != scard.SCARD_S_SUCCESS:
        raise PcscError("SCardEstablishContext", code)
    return context


def list_readers() -> list[str]:
    """The readers pcscd knows now (empty if none)."""
    context = _context()
    try:
        code, readers = scard.SCardListReaders(context, [])
        if code == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if code != scard.SCARD_S_SUCCESS:
            raise PcscError("SCardListReaders", code)
        return list(readers)
    finally:
        scard.SCardReleaseContext(context)


def card_present(reader: str) -> bool:
    """Whether pcscd sees a card in ``reader`` now (no APDU is sent)."""
    context = _context()
    try:
        code, states = scard.SCardGetStatusChange(
            context, 0, [(reader, scard.SCARD_STATE_UNAWARE)]
        )
        if code != scard.SCARD_S_SUCCESS:
            raise PcscError("SCardGetStatusChange", code)
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(context)


class PcscConnection:
    """An exclusive connection to the card in one reader."""

    def __init__(self, reader: str) -> None:
        self._reader = reader
        self._context = _context()
        code, handle, protocol = scard.SCardConnect(
            self._context,
            reader,
            scard.SCARD_SHARE_EXCLUSIVE,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        if code != scard.SCARD_S_SUCCESS:
            scard.SCardReleaseContext(self._context)
            raise CardRemoved(reader, scard.SCardGetErrorMessage(code))
        self._handle = handle
        self._protocol = protocol
        self._open = True

    @property
    def reader(self) -> str:
        """The reader's name."""
        return self._reader

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one APDU; any PC/SC failure means the card is gone for us."""
        if not self._open:
            raise CardRemoved(self._reader, "connection closed")
        code, response = scard.SCardTransmit(self._handle, self._protocol, list(apdu))
        if code != scard.SCARD_S_SUCCESS:
            raise CardRemoved(self._reader, scard.SCardGetErrorMessage(code))
        if len(response) < 2:
            raise CardRemoved(self._reader, "answer without status word")
        data = bytes(response[:-2])
        return data, (response[-2] << 8) | response[-1]

    def close(self) -> None:
        """Reset the card and release it (forgets a verified PIN)."""
        if self._open:
            self._open = False
            scard.SCardDisconnect(self._handle, scard.SCARD_RESET_CARD)
            scard.SCardReleaseContext(self._context)


class ReaderMonitor:
    """Watches every reader with ``SCardGetStatusChange`` on its own thread.

    It reports changes through ``callback``; it sends no APDU (card traffic stays on the
    reader thread). ``stop()`` cancels the blocking call at once.
    """

    def __init__(self, callback: Callable[[ReaderEvent], None]) -> None:
        self._callback = callback
        self._context = _context()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)

    def start(self) -> None:
        """Start watching; the current state of each reader is reported first."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and release the PC/SC context."""
        self._stop.set()
        scard.SCardCancel(self._context)
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        scard.SCardReleaseContext(self._context)

    def _run(self) -> None:
        known: dict[str, int] = {}
        pnp = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            code, readers = scard.SCardListReaders(self._context, [])
            names = list(readers) if code == scard.SCARD_S_SUCCESS else []
            for gone in set(known) - set(names):
                if known.pop(gone) & scard.SCARD_STATE_PRESENT:
                    self._callback(ReaderEvent(gone, False, b"", 0))
            states = [(_PNP, pnp)]
            states += [(name, known.get(name, scard.SCARD_STATE_UNAWARE)) for name in names]
            code, changed = scard.SCardGetStatusChange(self._context, 1000, states)
            if self._stop.is_set() or code == scard.SCARD_E_CANCELLED:
                return
            if code not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
                self._stop.wait(0.2)
                continue
            for name, state, atr in changed:
                if name == _PNP:
                    pnp = state & ~scard.SCARD_STATE_CHANGED
                    continue
                before = known.get(name, scard.SCARD_STATE_UNAWARE)
                now = state & ~scard.SCARD_STATE_CHANGED
                known[name] = now
                was, present = (
                    bool(before & scard.SCARD_STATE_PRESENT),
                    bool(now & scard.SCARD_STATE_PRESENT),
                )
                # A quick pull-and-put-back shows as a new event counter, not a state change.
                if was != present or (present and (before >> 16) != (now >> 16)):
                    self._callback(ReaderEvent(name, present, bytes(atr), now >> 16))
