"""What the welcome screen says when the station cannot read cards, for the technician.

The composition root puts it in the welcome screen, under the title, in place of the
card instructions: while it shows, "put your card in the box" would be untrue, so the
widgets given as ``replaces`` are hidden. The kiosk never leaves the welcome screen then,
since no card can be read.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.ui import messages
from kiosk.ui.messages import StationProblem
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import make_label


class StationNotice(QFrame):
    """Tells why the card login does not work, and what the technician should do.

    Hidden while nothing is wrong. The words come from
    :func:`kiosk.ui.messages.station_problem` and follow the application's language.

    Attributes:
        title: "Connexion par carte indisponible", for anyone at the kiosk.
        text: what is missing.
        next_step: what the technician does about it.

    Signals:
        None.
    """

    def __init__(
        self,
        theme: Theme,
        replaces: Sequence[QWidget] = (),
        parent: QWidget | None = None,
    ) -> None:
        """Creates the notice, hidden.

        Args:
            theme: colours and sizes.
            replaces: widgets hidden while the notice shows (the card instructions).
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._problem: StationProblem | None = None
        self._replaces = list(replaces)
        self.title = make_label(self, Role.ALERT)
        self.text = make_label(self, Role.BODY)
        self.next_step = make_label(self, Role.HINT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.sizes.spacing_px)
        for label in (self.title, self.text, self.next_step):
            layout.addWidget(label)
        self.setVisible(False)

    @property
    def problem(self) -> StationProblem | None:
        """What the notice tells, or ``None`` when it is hidden."""
        return self._problem

    def show_problem(self, problem: StationProblem | None) -> None:
        """Tells about a problem, or hides the notice when there is none.

        Args:
            problem: what keeps the station from reading cards, or ``None``.
        """
        self._problem = problem
        self.retranslate()
        for widget in self._replaces:
            widget.setVisible(problem is None)
        self.setVisible(problem is not None)

    def retranslate(self) -> None:
        """Sets the texts and accessible names in the current language."""
        if self._problem is None:
            texts = ("", "", "")
        else:
            message = messages.station_problem(self._problem)
            texts = (message.title, message.text, message.next_step)
        for label, text in zip((self.title, self.text, self.next_step), texts, strict=True):
            label.setText(text)
            label.setAccessibleName(text)
        self.setAccessibleName(texts[0])

    def changeEvent(self, event: QEvent, /) -> None:
        """Re-translates the notice when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
