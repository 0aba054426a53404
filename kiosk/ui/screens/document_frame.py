"""What the document screens share: a title, "Retour", an alert, and work off the GUI thread.

The capture, review, "Mes documents" and viewer screens (``capture.py``, ``review.py``,
``documents.py``, ``document_view.py``) are built on :class:`DocumentScreen`. Texts here use
``QCoreApplication.translate("DocumentScreen", ...)``: the subclasses' own ``self.tr()``
would look them up in their own context.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.documents.access import Ticket
from kiosk.domain.errors import KioskError
from kiosk.ui import messages
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.jobs import Job
from kiosk.ui.screens.base import HeaderScreen
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import make_label, show_text


class DocumentScreen(HeaderScreen):
    """The frame of a document screen.

    Attributes:
        services: the shelf, the OCR worker, the camera, the export target.
        title: the screen's title.
        alert: what went wrong last, and what to do (hidden otherwise).
        back_button: "Retour".
        body: the layout under the alert, for the subclass.
        job: the screen's background work (one at a time).

    Signals:
        closed(): the person pressed "Retour" (the flow decides where to go).
    """

    closed = Signal()

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        services: DocumentServices,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the frame.

        Args:
            theme: colours and sizes.
            language: the language service.
            services: the document services.
            parent: the Qt parent.
        """
        super().__init__(theme, language, parent)
        self.services = services
        self.ticket: Ticket | None = None
        self._error: KioskError | None = None
        self.job = Job(self.screen_id or "document work", self)
        self.title = make_label(self, Role.TITLE)
        self.alert = make_label(self, Role.ALERT)
        self.back_button = self.button(Role.SECONDARY, self.go_back)
        layout = self.frame_with_header(self.title, self.back_button)
        layout.addWidget(self.alert)
        self.body = QVBoxLayout()
        self.body.setSpacing(theme.sizes.spacing_px)
        layout.addLayout(self.body, 1)

    def button(self, role: Role, slot: Callable[[], None]) -> QPushButton:
        """A large button calling ``slot``."""
        button = QPushButton(self)
        set_role(button, role)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def row(self, *widgets: QWidget) -> QHBoxLayout:
        """Buttons side by side, left-aligned."""
        line = QHBoxLayout()
        line.setSpacing(self.theme.sizes.spacing_px)
        for widget in widgets:
            line.addWidget(widget)
        line.addStretch(1)
        return line

    def go_back(self) -> None:
        """Goes back ("Retour"): drops the work awaited and tells the flow."""
        self.job.cancel()
        self.closed.emit()

    def show_error(self, error: KioskError | None) -> None:
        """Shows (or, with None, hides) what went wrong and what to do."""
        if error is not None:
            messages.log_shown(error, self.screen_id)
        self._error = error
        self.retranslate()

    def retranslate_frame(self) -> None:
        """Sets the frame's texts in the current language (the subclass's retranslate calls it)."""
        error = self._error
        if error is None:
            show_text(self.alert, "")
        else:
            words = messages.describe_document(error)
            show_text(self.alert, f"{words.text} {words.next_step}")
        self.back_button.setText(QCoreApplication.translate("DocumentScreen", "Retour"))
        self.back_button.setAccessibleName(self.back_button.text())

    def reset(self) -> None:
        """Forgets the ticket, the error and the work awaited."""
        self.job.cancel()
        self.ticket = None
        self._error = None
        self.retranslate()
