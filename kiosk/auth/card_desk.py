"""The card on the desk: a reader other than the session's, reached on the reader thread.

The card tools (issue, reissue, unblock) work on the card a technician or an agent puts in
a second reader, while their own card keeps their session open in the first. The work runs
on the one thread of all card traffic, in turn with the session's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TypeVar

from kiosk.domain.errors import UserFacingError
from kiosk.hardware.card import CardError, CardRemoved, SmartCardConnection
from kiosk.hardware.piv import PivClient
from kiosk.hardware.reader_thread import ReaderThread

T = TypeVar("T")


class NoCardOnDesk(UserFacingError):
    """No reader other than the session's holds a card we can reach."""

    def __init__(self, readers: int) -> None:
        super().__init__(f"no card on the desk ({readers} reader(s) tried)")
        self.readers = readers


class DeskUnavailable(UserFacingError):
    """The station's card service (PC/SC, the reader thread) is not running."""

    def __init__(self) -> None:
        super().__init__("the card readers are not available")


class WrongCardOnDesk(UserFacingError):
    """The card on the desk is not the one the agent looked up."""

    def __init__(self, expected: str, found: str) -> None:
        super().__init__(f"card {found} on the desk, {expected} expected")
        self.expected = expected
        self.found = found


@dataclass(frozen=True)
class CardDesk:
    """How card tools reach the card on the desk: a reader other than the session's.

    Attributes:
        thread: the one thread of all card traffic (the session manager's), or how to get
            it while the card stack may not run yet (None: not running).
        readers: the readers PC/SC knows now.
        connect: an exclusive connection to the card in a reader (raises CardRemoved).
        exclude: readers never used for desk work (the session's).
    """

    thread: ReaderThread | Callable[[], ReaderThread | None]
    readers: Callable[[], list[str]]
    connect: Callable[[str], SmartCardConnection]
    exclude: Callable[[], Collection[str]] = field(default=lambda: ())

    def _thread(self) -> ReaderThread | None:
        return self.thread if isinstance(self.thread, ReaderThread) else self.thread()

    def with_card(self, work: Callable[[PivClient], T]) -> Future[T]:
        """Run ``work`` on the reader thread with the desk card (released afterwards)."""
        return self.run(lambda: self._with_card(work))

    def run(self, work: Callable[[], T]) -> Future[T]:
        """Run other card-tool work (register, disk) on the same thread, in order.

        The outcome, error included, belongs to the returned future's owner: the reader
        thread does not report it as a task nobody collected. Without a reader thread the
        future fails at once with :class:`DeskUnavailable`.
        """
        outcome: Future[T] = Future()
        thread = self._thread()
        if thread is None:
            outcome.set_exception(DeskUnavailable())
            return outcome

        def task() -> None:
            if not outcome.set_running_or_notify_cancel():
                return
            try:
                outcome.set_result(work())
            except BaseException as exc:  # handed over whole to whoever waits for it
                outcome.set_exception(exc)

        thread.submit(task)
        return outcome

    def _with_card(self, work: Callable[[PivClient], T]) -> T:
        thread = self._thread()
        if thread is None:
            raise DeskUnavailable()
        thread.assert_on_thread()
        excluded = set(self.exclude())
        candidates = [name for name in self.readers() if name not in excluded]
        for name in candidates:
            try:
                connection = self.connect(name)
            except CardRemoved:  # empty reader, or a card another session holds
                continue
            try:
                return work(PivClient(connection))
            finally:
                with contextlib.suppress(CardError):
                    connection.close()
        raise NoCardOnDesk(len(candidates))
