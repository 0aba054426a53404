"""What the technician's and the agent's card screens share.

:class:`CardToolScreen` is the frame of both screens (``card_issue.py``,
``card_counter.py``): a title, an alert, pages, "Retour", and three shared pages: the
person chooses a PIN twice, the card is being written, the card is issued and its sheet
can be "printed" (written to the station's outbox). Card work runs on the desk's reader
thread through a :class:`~kiosk.ui.card_job.CardJob`. :func:`open_from_home` opens a tool
from a home screen's "Cartes" tile.

Texts here use ``QCoreApplication.translate("CardToolScreen", ...)``: the subclasses' own
``self.tr()`` would look them up in their own context.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.auth.card_desk import CardDesk
from kiosk.auth.card_life import CardLifeService, IssueResult
from kiosk.auth.identity import Holder
from kiosk.domain.errors import KioskError
from kiosk.ui import messages
from kiosk.ui.card_job import CardJob
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.base import HeaderScreen
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.screens.home_technician import TechnicianHomeScreen
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import make_label, show_text
from kiosk.ui.widgets.pin_choice import PinChoice

PIN_PAGE = "pin"
WORKING_PAGE = "working"
ISSUED_PAGE = "issued"
PUK_LENGTH: Final = 8


def is_puk(text: str) -> bool:
    """Whether a typed PUK has its 8 digits."""
    return len(text) == PUK_LENGTH and text.isdigit()


class CardToolScreen(HeaderScreen):
    """The frame of a card tool: title, alert, pages, and the shared pages.

    Attributes:
        title: the screen's title.
        alert: what went wrong last (hidden otherwise).
        pages: one page shown at a time.
        back_button: "Retour": one step back, or out of the screen from its first page.
        pin_hint: who chooses the PIN ("Donnez l'écran à la personne").
        pin_choice: the PIN typed twice.
        working: "Écriture sur la carte…".
        issued_number: the new card's number, large.
        sheet_button: writes the explanatory sheet to the outbox.
        sheet_where: where the sheet was written.
        done_button: "Terminé": back to the first page.

    Signals:
        closed(): the person left the tool (back to their home screen).
    """

    closed = Signal()
    first_page = ""  # the subclass's first page

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        service: CardLifeService,
        desk: CardDesk,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the frame and the shared pages; the subclass adds its own pages.

        Args:
            theme: colours and sizes.
            language: the language service (a sheet is written in the current language).
            service: the card-life service.
            desk: the second reader (the card being written), and the reader thread.
            parent: the Qt parent.
        """
        super().__init__(theme, language, parent)
        self._language = language
        self._service = service
        self._desk = desk
        self._actor = ""
        self._error: KioskError | None = None
        self._issued: IssueResult | None = None
        self._sheet: Path | None = None
        self._pages: dict[str, QWidget] = {}
        self.job = CardJob(self)
        self.job.failed.connect(self._failed)

        sizes = theme.sizes
        self.title = self.label(Role.TITLE)
        self.alert = self.label(Role.ALERT)
        self.back_button = self.button(Role.SECONDARY, self.go_back)
        self.pages = QStackedWidget(self)

        self.pin_hint = self.label(Role.INSTRUCTION)
        self.pin_choice = PinChoice(theme, self)
        self.add_page(PIN_PAGE, [self.pin_hint, self.pin_choice])
        self.working = self.label(Role.INSTRUCTION)
        self.add_page(WORKING_PAGE, [self.working])
        self.issued_title = self.label(Role.INSTRUCTION)
        self.issued_number = self.label(Role.FIELD)
        self.issued_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.issued_number.setMinimumHeight(sizes.key_height_px)
        self.sheet_button = self.button(Role.PRIMARY, self.print_sheet)
        self.sheet_where = self.label(Role.BODY)
        self.sheet_where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_button = self.button(Role.SECONDARY, self.restart)
        self.add_page(
            ISSUED_PAGE,
            [
                self.issued_title,
                self.issued_number,
                self.sheet_where,
                self.row(self.sheet_button, self.done_button),
            ],
        )

        layout = self.frame_with_header(self.title, self.back_button)
        layout.addWidget(self.alert)
        layout.addWidget(self.pages, 1)

    # -- building blocks for the subclasses -----------------------------------------------------

    def label(self, role: Role) -> QLabel:
        """A word-wrapped label with a stylesheet role."""
        return make_label(self, role)

    def button(self, role: Role, slot: Callable[[], None]) -> QPushButton:
        """A large button calling ``slot``."""
        button = QPushButton(self)
        set_role(button, role)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def line_edit(self, *, secret: bool = False, max_length: int = 64) -> QLineEdit:
        """A text field as tall as a button (a masked one for a PUK)."""
        edit = QLineEdit(self)
        edit.setMinimumHeight(self.theme.sizes.button_min_height_px)
        edit.setMaxLength(max_length)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return edit

    def _box(
        self, layout_of: Callable[[QWidget], QBoxLayout], widgets: Sequence[QWidget]
    ) -> QWidget:
        """Widgets in a row or a column, pushed to its start."""
        holder = QWidget(self)
        layout = layout_of(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.theme.sizes.spacing_px)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        return holder

    def row(self, *widgets: QWidget) -> QWidget:
        """Widgets side by side."""
        return self._box(QHBoxLayout, widgets)

    def form(self, rows: Sequence[tuple[QLabel, QWidget]]) -> QWidget:
        """Labels on the left, their fields on the right, one row each."""
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(self.theme.sizes.spacing_px)
        grid.setVerticalSpacing(self.theme.sizes.spacing_px // 2)
        for index, (label, field) in enumerate(rows):
            label.setBuddy(field)
            grid.addWidget(label, index, 0)
            grid.addWidget(field, index, 1)
        grid.setColumnStretch(1, 1)
        return holder

    def add_page(self, name: str, widgets: Sequence[QWidget]) -> QWidget:
        """A page of widgets, one under the other."""
        page = self._box(QVBoxLayout, widgets)
        self.pages.addWidget(page)
        self._pages[name] = page
        return page

    # -- state ----------------------------------------------------------------------------------

    @property
    def page(self) -> str:
        """The name of the page shown."""
        current = self.pages.currentWidget()
        return next(name for name, page in self._pages.items() if page is current)

    def show_page(self, name: str) -> None:
        """Brings a page to the front."""
        self.pages.setCurrentWidget(self._pages[name])
        self.retranslate()

    def start(self, holder: Holder) -> None:
        """Opens the tool for a member of staff (named in the audit events)."""
        self.reset()
        self._actor = holder.holder_id

    def reset(self) -> None:
        """Forgets everything typed or shown; drops any awaited result."""
        self.job.cancel()
        self._actor = ""
        self._error = None
        self._issued = None
        self._sheet = None
        self.pin_choice.clear()
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        self.show_page(self.first_page)

    def restart(self) -> None:
        """Back to the first page, for the next card (the same member of staff)."""
        actor = self._actor
        self.reset()
        self._actor = actor

    def go_back(self) -> None:
        """One step back; out of the screen from the first page."""
        if self.job.busy:
            return
        if self.page == self.first_page:
            self.closed.emit()
        else:
            self.restart()

    def ready_for_pin(self) -> bool:
        """Whether the person can be handed the screen to choose a PIN (the subclass says)."""
        return False

    def continue_to_pin(self) -> None:
        """Hands the screen to the person, who chooses their PIN, once the fields are ready."""
        if self.ready_for_pin():
            self._error = None
            self.pin_choice.clear()
            self.show_page(PIN_PAGE)

    def run(self, future: Future[Any], then: Callable[[Any], None]) -> None:
        """Waits for card work and shows "working" meanwhile; ``then`` takes the result."""
        self._error = None
        self.job.start(future, then)
        self.show_page(WORKING_PAGE)

    def _failed(self, error: KioskError) -> None:
        messages.log_shown(error, self.screen_id)
        self._error = error
        self.pin_choice.clear()
        self.show_page(self.page_after_error(error))

    def page_after_error(self, error: KioskError) -> str:
        """Where the person goes on after an error (the first page unless told otherwise)."""
        return self.first_page

    def show_issued(self, result: object) -> None:
        """Shows the new card's number and offers its sheet."""
        if not isinstance(result, IssueResult):
            raise TypeError("not an issued card")
        self._issued, self._sheet = result, None
        self.show_page(ISSUED_PAGE)

    def print_sheet(self) -> None:
        """Writes the sheet to the outbox (on the worker thread) and says where."""
        issued = self._issued
        if issued is None or self.job.busy:
            return
        number, sheet = issued.entry.card_number, issued.sheet
        self.run(self._desk.run(lambda: self._service.save_sheet(number, sheet)), self._printed)

    def _printed(self, path: object) -> None:
        self._sheet = path if isinstance(path, Path) else None
        self.show_page(ISSUED_PAGE)

    # -- texts ------------------------------------------------------------------------------

    def retranslate_shared(self) -> None:
        """Sets the texts of the frame and the shared pages in the current language."""
        alert = messages.describe_card_tool(self._error) if self._error is not None else None
        show_text(self.alert, "" if alert is None else f"{alert.text} {alert.next_step}")
        self.back_button.setText(QCoreApplication.translate("CardToolScreen", "Retour"))
        self.back_button.setAccessibleName(self.back_button.text())
        self.back_button.setEnabled(not self.job.busy)
        show_text(
            self.pin_hint,
            QCoreApplication.translate(
                "CardToolScreen",
                "Tournez l’écran vers la personne. Elle choisit son code secret, "
                "sans le dire à personne.",
            ),
        )
        show_text(
            self.working,
            QCoreApplication.translate(
                "CardToolScreen", "La carte est en cours d’écriture. Ne la retirez pas."
            ),
        )
        show_text(
            self.issued_title,
            QCoreApplication.translate("CardToolScreen", "La carte est prête. Son numéro\u00a0:"),
        )
        issued = self._issued
        show_text(self.issued_number, "" if issued is None else issued.entry.card_number)
        where = (
            ""
            if self._sheet is None
            else QCoreApplication.translate(
                "CardToolScreen", "La fiche est enregistrée ici\u00a0: %1"
            ).replace("%1", str(self._sheet))
        )
        show_text(self.sheet_where, where)
        self.sheet_button.setText(QCoreApplication.translate("CardToolScreen", "Imprimer la fiche"))
        self.sheet_button.setAccessibleName(self.sheet_button.text())
        self.sheet_button.setAccessibleDescription(
            QCoreApplication.translate(
                "CardToolScreen", "Enregistre la fiche explicative de la carte pour l’imprimer."
            )
        )
        self.done_button.setText(QCoreApplication.translate("CardToolScreen", "Terminé"))
        self.done_button.setAccessibleName(self.done_button.text())
        self.pin_choice.retranslate()


def open_from_home(
    window: MainWindow, home: AgentHomeScreen | TechnicianHomeScreen, screen: CardToolScreen
) -> None:
    """Adds a card tool to the window and opens it from the home's "Cartes" tile.

    The tool opens for the holder of the home screen; "Retour" from its first page goes
    back to the home.

    Args:
        window: the main window.
        home: the home screen with the "Cartes" tile.
        screen: the card tool.
    """
    window.add_screen(screen)

    def open_for(holder: object) -> None:
        if isinstance(holder, Holder):
            screen.start(holder)
            window.show_screen(screen.screen_id)

    home.cards_requested.connect(open_for)
    home.offer_cards()
    screen.closed.connect(lambda: window.show_screen(home.screen_id))
