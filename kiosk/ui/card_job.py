"""Card-tool work on the desk's reader thread, its outcome brought back to the GUI thread."""

from __future__ import annotations

import contextlib
import logging
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.domain.errors import Cancelled, KioskError
from kiosk.ui.crash import describe_crash

log = logging.getLogger("kiosk.ui")


class CardJob(QObject):
    """One piece of card-tool work at a time, its outcome delivered in the GUI thread.

    Signals:
        succeeded(object): what the work returned.
        failed(object): the :class:`~kiosk.domain.errors.KioskError` it raised (a bug
            arrives as a plain ``KioskError``, its details in the log).
    """

    succeeded = Signal(object)
    failed = Signal(object)
    _done = Signal(int, object, object)  # emitted on the reader thread, received queued

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._busy = False
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """Whether an outcome is awaited."""
        return self._busy

    def start(self, future: Future[Any]) -> None:
        """Waits (without blocking) for the outcome of work already handed to the desk."""
        self._generation += 1
        self._busy = True
        generation = self._generation
        future.add_done_callback(lambda done: self._finish(generation, done))

    def cancel(self) -> None:
        """Drops the awaited outcome (the work itself runs to its end: a card is not left
        half written)."""
        self._generation += 1
        self._busy = False

    def _finish(self, generation: int, future: Future[Any]) -> None:
        result: object = None
        error: BaseException | None
        if future.cancelled():
            error = Cancelled("card work cancelled")
        else:
            error = future.exception()
            if error is None:
                result = future.result()
        with contextlib.suppress(RuntimeError):  # the screen was deleted meanwhile
            self._done.emit(generation, result, error)

    def _deliver(self, generation: int, result: object, error: BaseException | None) -> None:
        if generation != self._generation:
            return
        self._busy = False
        if error is None:
            self.succeeded.emit(result)
        elif isinstance(error, KioskError):
            self.failed.emit(error)
        else:
            log.error("card tool work failed\n%s", describe_crash(error))
            self.failed.emit(KioskError("unexpected failure of card-tool work"))
