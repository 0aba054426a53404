"""Asks the sync worker how it stands every few seconds, without ever waiting on the GUI thread.

``SyncWorker.status()`` reads the outbox (a short query, but a query: the database may be
busy with the worker's own writes). :class:`SyncMonitor` runs it on the sync services'
thread, through a :class:`~kiosk.ui.jobs.Job`, every ``status_interval_ms``; the answer
comes back to the GUI thread as the ``changed`` signal, only when it differs from the last.
A tick that finds the previous query still running is skipped, so queries never pile up.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.domain.errors import KioskError
from kiosk.sync.worker import SyncStatus
from kiosk.ui.jobs import Job
from kiosk.ui.sync_jobs import SyncServices
from kiosk.ui.sync_words import NoSync, SyncState

log = logging.getLogger("kiosk.ui")


class SyncMonitor(QObject):
    """The sync state, refreshed on a timer, delivered in the GUI thread.

    Attributes:
        state: the last state received (None until the first answer).

    Signals:
        changed(object): a new :data:`~kiosk.ui.sync_words.SyncState`.
    """

    changed = Signal(object)

    def __init__(self, services: SyncServices, parent: QObject | None = None) -> None:
        """Creates the monitor, not started.

        Args:
            services: the sync services (their thread runs the queries).
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._services = services
        self._again = False
        self._failing = False
        self.state: SyncState | None = None
        self._job = Job("sync status", self)
        self._job.succeeded.connect(self._received)
        self._job.failed.connect(self._failed)
        self._timer = QTimer(self)
        self._timer.setInterval(services.status_interval_ms)
        self._timer.timeout.connect(self.refresh)

    @property
    def running(self) -> bool:
        """Whether the timer asks for the state."""
        return self._timer.isActive()

    def start(self) -> None:
        """Asks now, then every ``status_interval_ms``."""
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        """Stops asking; an answer on its way is dropped."""
        self._timer.stop()
        self._job.cancel()
        self._again = False

    def refresh(self) -> None:
        """Asks for the state now (after the query running, if one is)."""
        if self._job.busy:
            self._again = True
            return
        self._again = False
        try:
            self._job.run(self._services.thread, self._services.state)
        except RuntimeError:  # the thread was shut down: the kiosk is closing
            self._timer.stop()

    def _received(self, state: object) -> None:
        if self._failing:
            log.info("sync: the status can be read again")
            self._failing = False
        if isinstance(state, SyncStatus | NoSync) and state != self.state:
            self.state = state
            self.changed.emit(state)
        if self._again:
            self.refresh()

    def _failed(self, error: KioskError) -> None:
        if not self._failing:
            log.warning("sync: the status cannot be read: %s", error)
            self._failing = True
        if self._again:
            self.refresh()
