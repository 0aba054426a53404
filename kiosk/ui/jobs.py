"""Work handed to another thread, its outcome brought back to the GUI thread by signals.

Both the card tools (reader thread) and the document screens (OCR and vault workers) use
:class:`Job`: one piece of work at a time, a stale outcome (after ``cancel`` or a newer
``watch``) dropped, a bug logged and worded as a plain ``KioskError``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.domain.errors import Cancelled, KioskError
from kiosk.ui.crash import describe_crash

log = logging.getLogger("kiosk.ui")


class Job(QObject):
    """One piece of work at a time, its outcome delivered in the GUI thread.

    Signals:
        succeeded(object): what the work returned.
        failed(object): the :class:`~kiosk.domain.errors.KioskError` it raised (a bug
            arrives as a plain ``KioskError``, its details in the log). A
            :class:`~kiosk.domain.errors.Cancelled` error is reported only when asked.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    _done = Signal(int, object, object)  # emitted on the worker thread, received queued

    def __init__(
        self, name: str, parent: QObject | None = None, *, report_cancelled: bool = False
    ) -> None:
        """Creates the job.

        Args:
            name: what the work is, for the log.
            parent: the Qt parent.
            report_cancelled: emit ``failed`` with the
                :class:`~kiosk.domain.errors.Cancelled` error instead of only logging it.
        """
        super().__init__(parent)
        self._name = name
        self._report_cancelled = report_cancelled
        self._generation = 0
        self._busy = False
        self._then: Callable[[object], None] | None = None
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """Whether an outcome is awaited."""
        return self._busy

    def run(
        self,
        executor: ThreadPoolExecutor,
        work: Callable[[], object],
        then: Callable[[object], None] | None = None,
    ) -> None:
        """Runs ``work`` on ``executor``; its outcome comes back as a signal (and to
        ``then``, see :meth:`watch`)."""
        self.watch(executor.submit(work), then)

    def watch(self, future: Future[Any], then: Callable[[object], None] | None = None) -> None:
        """Waits (without blocking) for the outcome of work already submitted.

        ``then`` receives the result in the GUI thread, before ``succeeded`` is emitted; it
        is dropped with the outcome (a failure, ``cancel``, a newer ``watch``).
        """
        self._generation += 1
        self._busy = True
        self._then = then
        generation = self._generation
        future.add_done_callback(lambda done: self._finish(generation, done))

    def cancel(self) -> None:
        """Drops the awaited outcome (the work itself runs to its end)."""
        self._generation += 1
        self._busy = False
        self._then = None

    def _finish(self, generation: int, future: Future[Any]) -> None:
        result: object = None
        error: BaseException | None
        if future.cancelled():
            error = Cancelled(f"{self._name} cancelled")
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
        then, self._then = self._then, None  # ``then`` may start the next piece of work
        if error is None:
            if then is not None:
                then(result)
            self.succeeded.emit(result)
        elif isinstance(error, Cancelled) and not self._report_cancelled:
            log.info("%s dropped: %s", self._name, type(error).__name__)
        elif isinstance(error, KioskError):
            self.failed.emit(error)
        else:
            log.error("%s failed\n%s", self._name, describe_crash(error))
            self.failed.emit(KioskError(f"unexpected failure of {self._name}"))
