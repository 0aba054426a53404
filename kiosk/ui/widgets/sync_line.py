"""The status line of the sync on a home screen: what waits to leave, what needs a look.

The words come from :func:`kiosk.ui.sync_words.sync_line`; this widget only shows them, in
the application's language, calm (a hint) while things merely wait and drawn as an alert
when a person must act. A beneficiary reads the short line; agents and technicians the full
one, and technicians also what to do about a station that cannot sync.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.ui.sync_words import SyncLine, SyncState, Tone, sync_line
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import make_label, show_text


class SyncStatusLine(QFrame):
    """The sync's state in one line, hidden until the first state arrives.

    Attributes:
        line: the status line while nobody needs to act (a hint).
        alert: the status line when a person must act (staff only; an alert).
        next_step: what the technician does (technicians only; hidden otherwise).
        words: the line shown (None while hidden).

    Signals:
        None.
    """

    def __init__(
        self,
        theme: Theme,
        *,
        brief: bool,
        technician: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """Creates the line, hidden.

        Args:
            theme: colours and sizes.
            brief: the beneficiary's short line instead of the full one.
            technician: also say what the technician does about a blocked station.
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._brief = brief
        self._technician = technician
        self._state: SyncState | None = None
        self.words: SyncLine | None = None
        self.line = make_label(self, Role.HINT)
        self.alert = make_label(self, Role.ALERT)
        self.next_step = make_label(self, Role.HINT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.sizes.spacing_px // 3)
        for label in (self.line, self.alert, self.next_step):
            layout.addWidget(label)
        self.setVisible(False)

    @property
    def shown(self) -> QLabel:
        """The label that holds the line now (``line`` or ``alert``)."""
        return self.alert if self.alert.isVisibleTo(self) else self.line

    @property
    def state(self) -> SyncState | None:
        """The state shown."""
        return self._state

    def show_state(self, state: SyncState | None) -> None:
        """Shows a state (None hides the line).

        Args:
            state: the worker's status, or why the station has no worker.
        """
        self._state = state
        self.retranslate()

    def retranslate(self) -> None:
        """Words the state again in the current language."""
        state = self._state
        if state is None:
            self.words = None
            for label in (self.line, self.alert, self.next_step):
                show_text(label, "")
            self.setVisible(False)
            return
        words = sync_line(state, brief=self._brief)
        self.words = words
        alert = not self._brief and words.tone in (Tone.ATTENTION, Tone.BLOCKED)
        for label, shown in ((self.line, not alert), (self.alert, alert)):
            label.setText(words.text if shown else "")
            label.setAccessibleName(words.spoken if shown else "")
            label.setVisible(shown and bool(words.text))
        show_text(self.next_step, words.next_step if self._technician else "")
        self.setAccessibleName(words.spoken)
        self.setVisible(True)

    def changeEvent(self, event: QEvent, /) -> None:
        """Re-translates the line when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
