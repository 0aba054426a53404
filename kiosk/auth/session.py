"""The card session: from a card in the box to an open session, and back to nothing.

Everything here runs on the reader thread. The UI learns what happens through one
listener (a ``CardStatus`` at each step) and acts through ``submit_pin`` and ``logout``.
Pulling the card out, any failed transmit, or ``logout`` ends the session at once: the
vault keys are overwritten, the card's PIN state is reset, and the status says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.auth.identity import Holder
from kiosk.auth.login import CardIdentity, CardKeyAgreement, LoginService
from kiosk.domain.errors import KioskError
from kiosk.hardware.card import (
    ApduError,
    BadResponse,
    CardError,
    CardRemoved,
    NotOurCard,
    PinBlocked,
    ReaderEvent,
    SmartCardConnection,
    WrongPin,
)
from kiosk.hardware.piv import PivClient
from kiosk.hardware.reader_thread import ReaderThread


class CardPhase(StrEnum):
    """Where a card login stands."""

    NO_CARD = "no_card"
    READING = "reading"
    PIN = "pin"
    CHECKING = "checking"
    OPEN = "open"
    REFUSED = "refused"  # a card is in the box but cannot log in (see ``error``)
    ENDED = "ended"  # the person logged out; the card is still in the box


@dataclass(frozen=True, slots=True)
class CardStatus:
    """What the UI shows: a phase, and what goes with it."""

    phase: CardPhase
    reader: str = ""
    tries_left: int | None = None
    holder: Holder | None = None
    error: KioskError | None = None
    reason: str = ""  # why a session ended: "removed", "logout", "idle", "card_error"


class OpenedSession(Protocol):
    """What a role's session holds (a vault session, for a beneficiary)."""

    def close(self) -> None:
        """Drop every key."""
        ...


SessionOpener = Callable[[CardIdentity, CardKeyAgreement], OpenedSession | None]


@dataclass
class _Active:
    reader: str
    connection: SmartCardConnection
    piv: PivClient
    identity: CardIdentity | None = None
    opened: OpenedSession | None = None
    open: bool = False


class CardSessionManager:
    """Drives one card session at a time from reader events and PIN entries."""

    def __init__(
        self,
        reader: ReaderThread,
        connect: Callable[[str], SmartCardConnection],
        login: LoginService,
        listener: Callable[[CardStatus], None],
        open_session: SessionOpener | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self._reader = reader
        self._connect = connect
        self._login = login
        self._listener = listener
        self._open_session = open_session
        self._active: _Active | None = None
        self._waiting: dict[str, None] = {}  # readers holding a card, in arrival order
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.apdus_last_login = 0

    # -- entry points (any thread) ------------------------------------------------------------

    def handle_event(self, event: ReaderEvent) -> None:
        """A reader event from the monitor."""
        self._reader.post(self._on_event, event)

    def submit_pin(self, pin: str) -> None:
        """The PIN the person typed."""
        self._reader.post(self._check_pin, pin)

    def logout(self, reason: str = "logout") -> None:
        """End the session (button, idle timeout); the card stays in the box."""
        self._reader.post(self._end, reason, True)

    # -- on the reader thread -------------------------------------------------------------------

    def _emit(self, status: CardStatus) -> None:
        self._listener(status)

    def _on_event(self, event: ReaderEvent) -> None:
        active = self._active
        if event.present:
            self._waiting[event.reader] = None
            if active is not None and active.reader != event.reader:
                return  # one session at a time: a card in a second reader waits its turn
            if active is not None:
                self._end("removed", False)  # pulled out and put back between two polls
            self._start(event.reader)
            return
        self._waiting.pop(event.reader, None)
        if active is not None and active.reader == event.reader:
            self._end("removed", False)
            self._emit(CardStatus(CardPhase.NO_CARD, event.reader))
            if self._waiting:  # the next card in another reader gets its turn
                self._start(next(iter(self._waiting)))
        elif active is None:
            self._emit(CardStatus(CardPhase.NO_CARD, event.reader))

    def _start(self, reader: str, attempts: int = 2) -> None:
        self._emit(CardStatus(CardPhase.READING, reader))
        try:
            connection = self._connect(reader)
        except CardRemoved:
            self._emit(CardStatus(CardPhase.NO_CARD, reader))
            return
        active = _Active(reader, connection, PivClient(connection))
        self._active = active
        try:
            active.identity = self._login.identify(active.piv)
        except CardRemoved:
            self._drop(active)
            if attempts > 1:
                # A card still settling in the box (or a reset by the last program that used
                # it) can fail its first exchange; if it is really gone, connecting fails.
                self._start(reader, attempts - 1)
                return
            self._emit(CardStatus(CardPhase.NO_CARD, reader))
            return
        except (CardError, ApduError) as exc:
            self._refuse(active, exc)
            return
        tries = active.identity.pin_tries
        if tries == 0:
            self._refuse(active, PinBlocked())
            return
        self._emit(CardStatus(CardPhase.PIN, reader, tries, active.identity.holder))

    def _refuse(self, active: _Active, error: KioskError) -> None:
        """A card that cannot log in: release it, keep saying why until it is removed."""
        with contextlib.suppress(CardError):
            active.connection.close()
        self._emit(CardStatus(CardPhase.REFUSED, active.reader, error=error))

    def _check_pin(self, pin: str) -> None:
        active = self._active
        if active is None or active.identity is None or active.open:
            return
        identity = active.identity
        self._emit(CardStatus(CardPhase.CHECKING, active.reader, holder=identity.holder))
        try:
            self._login.unlock(active.piv, identity, pin)
            if self._open_session is not None:
                agreement = CardKeyAgreement(active.piv, identity.key_management, self._reader)
                active.opened = self._open_session(identity, agreement)
        except WrongPin as exc:
            self._emit(
                CardStatus(CardPhase.PIN, active.reader, exc.tries_left, identity.holder, error=exc)
            )
            return
        except PinBlocked as exc:
            self._refuse(active, exc)
            return
        except CardRemoved:
            self._end("removed", False)
            self._emit(CardStatus(CardPhase.NO_CARD, active.reader))
            return
        except (BadResponse, NotOurCard, ApduError) as exc:
            self._refuse(active, exc)
            return
        active.open = True
        self.apdus_last_login = active.piv.apdus
        self._emit(CardStatus(CardPhase.OPEN, active.reader, holder=identity.holder))

    def run_with_card(self, work: Callable[[PivClient], object]) -> None:
        """Card work during a session; a failed transmit ends the session."""

        def task() -> None:
            active = self._active
            if active is None or not active.open:
                return
            try:
                work(active.piv)
            except CardRemoved:
                self._end("card_error", False)
                self._emit(CardStatus(CardPhase.NO_CARD, active.reader))

        self._reader.post(task)

    def _drop(self, active: _Active) -> None:
        if active.opened is not None:
            active.opened.close()
            active.opened = None
        with contextlib.suppress(CardError):
            if active.open:
                active.piv.logout()
        with contextlib.suppress(CardError):
            active.connection.close()
        if self._active is active:
            self._active = None

    def _end(self, reason: str, card_still_in: bool) -> None:
        active = self._active
        if active is None:
            return
        self._drop(active)
        if card_still_in:
            self._emit(CardStatus(CardPhase.ENDED, active.reader, reason=reason))
