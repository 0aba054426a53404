"""The bridge between the card session manager (reader thread) and the screens (GUI thread).

The manager reports each step through one listener, called on the reader thread. Widgets
may only be touched on the GUI thread, so :meth:`CardBridge.listener` does nothing but post
the status to the bridge's own thread (a queued connection); there the bridge records it
and emits :attr:`CardBridge.status_changed`, in order, one status per event-loop turn.

The bridge also ends an open session nobody uses: after ``idle_timeout_s`` without a touch,
a click or a key press anywhere in the application, it asks the manager to log out with the
reason ``"idle"``. Activity is watched with an event filter on the application, installed
only while a session is open.

Wiring (the manager needs the listener, the bridge needs the manager)::

    bridge = CardBridge(idle_timeout_s=settings.idle_timeout_s)
    stack = build_card_stack(..., listener=bridge.listener)
    bridge.attach(stack.manager)
    ui = build_app(language, kiosk_mode, card=bridge)
"""

from __future__ import annotations

import logging
import threading
from typing import Final, Protocol

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

from kiosk.auth.session import CardPhase, CardStatus

log = logging.getLogger("kiosk.ui")

#: Seconds without activity before an open session is ended (the station setting's default).
DEFAULT_IDLE_TIMEOUT_S: Final = 120.0

#: Events that show somebody is using the kiosk.
ACTIVITY_EVENTS: Final = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


class CardControls(Protocol):
    """What the screens may ask of the card session manager (both are thread-safe)."""

    def submit_pin(self, pin: str) -> None:
        """Checks the PIN the person typed; the answer comes back as a status."""
        ...

    def logout(self, reason: str) -> None:
        """Ends the session; the card stays in the box."""
        ...


class CardBridge(QObject):
    """Carries card statuses to the GUI thread and the person's requests to the manager.

    Create it in the GUI thread: statuses are delivered in the thread the bridge lives in.

    Attributes:
        status: the last status delivered (``NO_CARD`` before the first one).

    Signals:
        status_changed(object): a new :class:`~kiosk.auth.session.CardStatus`, always
            emitted in the GUI thread.
    """

    status_changed = Signal(object)
    _posted = Signal(object)  # emitted on any thread, received queued in the bridge's

    def __init__(
        self,
        manager: CardControls | None = None,
        *,
        idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S,
        parent: QObject | None = None,
    ) -> None:
        """Creates the bridge.

        Args:
            manager: the card session manager, or ``None`` to :meth:`attach` it later.
            idle_timeout_s: seconds without activity before an open session is ended.
            parent: the Qt parent.

        Raises:
            ValueError: the timeout is not positive.
        """
        super().__init__(parent)
        if idle_timeout_s <= 0:
            raise ValueError(f"idle timeout must be positive, not {idle_timeout_s}")
        self._manager = manager
        self._lock = threading.Lock()
        self._closed = False
        self._watched: QCoreApplication | None = None
        self.status = CardStatus(CardPhase.NO_CARD)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setTimerType(Qt.TimerType.PreciseTimer)  # remainingTime() stays exact
        self._idle.setInterval(round(idle_timeout_s * 1000))
        self._idle.timeout.connect(self._on_idle)
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def idle_timeout_s(self) -> float:
        """Seconds without activity before an open session is ended."""
        return self._idle.interval() / 1000

    @property
    def idle_timer(self) -> QTimer:
        """The idle timer, running only while a session is open (read-only use)."""
        return self._idle

    def attach(self, manager: CardControls) -> None:
        """Gives the bridge the manager it forwards PINs and logouts to.

        Args:
            manager: the card session manager (or a stand-in).
        """
        self._manager = manager

    def listener(self, status: CardStatus) -> None:
        """Receives a status on any thread; the manager's listener.

        Args:
            status: what the manager reports.
        """
        with self._lock:
            if not self._closed:
                self._posted.emit(status)

    def submit_pin(self, pin: str) -> None:
        """Hands the PIN to the manager; it is not kept here.

        Args:
            pin: the digits the person typed.
        """
        if self._manager is None:
            log.warning("no card stack: a PIN was typed and dropped")
            return
        self._manager.submit_pin(pin)

    def logout(self, reason: str = "logout") -> None:
        """Asks the manager to end the session.

        Args:
            reason: why ("logout" for the button, "idle", "reset").
        """
        if self._manager is None:
            log.warning("no card stack: logout (%s) dropped", reason)
            return
        self._manager.logout(reason)

    def close(self) -> None:
        """Stops for good: later statuses are dropped and the idle timer stops."""
        with self._lock:
            self._closed = True
        self._watch_activity(False)

    def eventFilter(self, watched: QObject, event: QEvent, /) -> bool:
        """Restarts the idle timer on every touch, click or key press; filters nothing."""
        if event.type() in ACTIVITY_EVENTS and self._idle.isActive():
            self._idle.start()
        return False

    def _deliver(self, status: CardStatus) -> None:
        if self._closed:
            return
        previous, self.status = self.status.phase, status
        if status.phase is CardPhase.OPEN and previous is not CardPhase.OPEN:
            self._watch_activity(True)
        elif status.phase is not CardPhase.OPEN:
            self._watch_activity(False)
        self.status_changed.emit(status)

    def _watch_activity(self, on: bool) -> None:
        if on:
            app = QCoreApplication.instance()
            if self._watched is None and app is not None:
                app.installEventFilter(self)
                self._watched = app
            self._idle.start()
            return
        self._idle.stop()
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None

    def _on_idle(self) -> None:
        if self.status.phase is not CardPhase.OPEN:
            return
        log.info("no activity for %s s: ending the session", self.idle_timeout_s)
        self._watch_activity(False)
        self.logout("idle")
