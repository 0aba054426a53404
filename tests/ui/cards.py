"""Stand-ins for the card stack: a recording manager, holders, statuses from a thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kiosk.auth.identity import Holder, HolderRole
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.domain.errors import KioskError

READER = "Lecteur de test 00"
BENEFICIARY = Holder("b-7f3a", HolderRole.BENEFICIARY, "4021 7788", bytes(range(16)))
AGENT = Holder(
    "a-19cd", HolderRole.AGENT, "9001 0042", bytes(16), "Camille Martin", "cms-belleville"
)
HEAD = Holder("h-0001", HolderRole.HEAD_OF_SERVICE, "9001 0007", bytes(16), "Nadia Benali")
TECHNICIAN = Holder("t-0002", HolderRole.TECHNICIAN, "9002 0001", bytes(16), "Luc Morel")


class FakeCardManager:
    """Records what the interface asks of the card session manager.

    Attributes:
        pins: every PIN submitted, in order.
        logouts: the reason of every logout, in order.
        threads: the thread of each call.
    """

    def __init__(self) -> None:
        self.pins: list[str] = []
        self.logouts: list[str] = []
        self.threads: list[threading.Thread] = []

    def submit_pin(self, pin: str) -> None:
        self.pins.append(pin)
        self.threads.append(threading.current_thread())

    def logout(self, reason: str) -> None:
        self.logouts.append(reason)
        self.threads.append(threading.current_thread())


def status(
    phase: CardPhase,
    tries_left: int | None = None,
    holder: Holder | None = None,
    error: KioskError | None = None,
    reason: str = "",
) -> CardStatus:
    """A status of the test reader."""
    return CardStatus(phase, READER, tries_left, holder, error, reason)


def emit_from_thread(listener: Callable[[CardStatus], None], *statuses: CardStatus) -> None:
    """Calls the listener from a plain Python thread, as the reader thread does, and waits."""
    thread = threading.Thread(
        target=lambda: [listener(s) for s in statuses], name="card-reader-test"
    )
    thread.start()
    thread.join()
