"""Card-tool work on the desk's reader thread, its outcome brought back to the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject

from kiosk.ui.jobs import Job


class CardJob(Job):
    """A :class:`~kiosk.ui.jobs.Job` for the card tools: a cancelled card job is reported.

    The work itself always runs to its end once handed to the desk: a card is never left
    half written; ``cancel`` only drops the outcome.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("card-tool work", parent, report_cancelled=True)

    def start(self, future: Future[Any], then: Callable[[object], None] | None = None) -> None:
        """Waits (without blocking) for the outcome of work already handed to the desk;
        ``then`` receives the result."""
        self.watch(future, then)
