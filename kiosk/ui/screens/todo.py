"""The "À traiter" screen: what the platform refused, or merged with a conflict, to look at.

Agents and technicians open it from their home's "À traiter" tile. Each item says what the
operation was ("Transition de la demande"), why it came back ("La demande avait déjà changé
d'état sur une autre station"), and for a conflict which station made the value kept and the
value not applied, and when (the values are sealed: this screen cannot show them). "C'est
vu" marks the item as looked at; it stays in the station's history, nothing is dropped. The
list is read and changed on the sync services' thread; the screen only shows the outcome.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.errors import KioskError
from kiosk.ui import messages
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.jobs import Job
from kiosk.ui.screens.base import HeaderScreen
from kiosk.ui.sync_jobs import SyncServices, TodoEntry, load_todo, resolve
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.todo_words import entry_words
from kiosk.ui.widgets.labels import make_label, show_text


class TodoCard(QFrame):
    """One item of the list: what, why, who and when, and "C'est vu".

    Attributes:
        entry: the item.
        heading: what the operation was.
        reason: why it came back.
        details: the conflicting values' stations and times, and the operation's times.
        seen_button: "C'est vu".

    Signals:
        None; the screen connects ``seen_button``.
    """

    def __init__(self, theme: Theme, entry: TodoEntry, parent: QWidget | None = None) -> None:
        """Creates the card of an item (its texts are set by the screen)."""
        super().__init__(parent)
        set_role(self, Role.CARD)
        self.entry = entry
        spacing = theme.sizes.spacing_px
        self.heading = make_label(self, Role.INSTRUCTION)
        self.reason = make_label(self, Role.BODY)
        self.details = make_label(self, Role.HINT)
        self.seen_button = QPushButton(self)
        set_role(self.seen_button, Role.PRIMARY)
        self.seen_button.setAutoDefault(False)
        texts = QVBoxLayout()
        texts.setSpacing(spacing // 3)
        for label in (self.heading, self.reason, self.details):
            texts.addWidget(label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(spacing, spacing // 2, spacing, spacing // 2)
        layout.setSpacing(spacing)
        layout.addLayout(texts, 1)
        layout.addWidget(self.seen_button, 0, Qt.AlignmentFlag.AlignVCenter)


class TodoScreen(HeaderScreen):
    """The open "à traiter" items, oldest first.

    Attributes:
        services: the station database and the sync thread.
        title: "À traiter".
        back_button: "Retour".
        alert: what went wrong last (hidden otherwise).
        intro: what the list is, or "Un instant…" while it is read.
        empty: "Rien à traiter." when the list is empty.
        cards: one card per item, in the order shown.
        job: the screen's background work (one at a time).

    Signals:
        closed(): the person pressed "Retour" (the flow goes back to their home).
        resolved(int): an item was marked as looked at; carries its id.
    """

    screen_id = "sync_todo"
    closed = Signal()
    resolved = Signal(int)

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        services: SyncServices,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the screen.

        Args:
            theme: colours and sizes.
            language: the language service.
            services: the sync services.
            parent: the Qt parent.
        """
        super().__init__(theme, language, parent)
        self.services = services
        self._entries: list[TodoEntry] = []
        self._loaded = False
        self._notice = ""
        self._error: KioskError | None = None
        self.cards: list[TodoCard] = []
        self.job = Job("à traiter", self)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)

        self.title = make_label(self, Role.TITLE)
        self.back_button = QPushButton(self)
        set_role(self.back_button, Role.SECONDARY)
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.alert = make_label(self, Role.ALERT)
        self.intro = make_label(self, Role.HINT)
        self.empty = make_label(self, Role.BODY)
        self.list = QWidget(self)
        self._list_layout = QVBoxLayout(self.list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(theme.sizes.spacing_px // 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.list)

        layout = self.frame_with_header(self.title, self.back_button)
        for widget in (self.alert, self.intro, self.empty):
            layout.addWidget(widget)
        layout.addWidget(scroll, 1)
        self.retranslate()

    @property
    def entries(self) -> list[TodoEntry]:
        """The items listed, in the order shown."""
        return list(self._entries)

    @property
    def busy(self) -> bool:
        """Whether the list is being read or an item resolved."""
        return self.job.busy

    # -- work -----------------------------------------------------------------------------------

    def _run(self, work: Callable[[], object], then: Callable[[object], None]) -> None:
        self._error = None
        self.job.run(self.services.thread, work, then)
        self.retranslate()

    def _succeeded(self, _result: object) -> None:
        self.retranslate()

    def _failed(self, error: KioskError) -> None:
        self._error = error
        messages.log_shown(error, self.screen_id)
        self.retranslate()

    def open(self) -> None:
        """Shows the list, read again."""
        self.reset()
        self.reload()

    def reload(self) -> None:
        """Reads the open items again (on the sync thread)."""
        db = self.services.db
        self._run(lambda: load_todo(db), self._listed)

    def _listed(self, result: object) -> None:
        entries = result if isinstance(result, list) else []
        self._entries = [entry for entry in entries if isinstance(entry, TodoEntry)]
        self._loaded = True
        self._build_list()

    def see(self, entry: TodoEntry) -> None:
        """Marks an item as looked at ("C'est vu"), then reads the list again."""
        if self.job.busy:
            return
        db = self.services.db

        def seen(item_id: object) -> None:
            self._notice = self.tr("C’est noté. L’envoi reste dans l’historique de la station.")
            if isinstance(item_id, int):
                self.resolved.emit(item_id)
            self.reload()

        self._run(lambda: resolve(db, entry.item_id), seen)

    def go_back(self) -> None:
        """Back to the home screen (not while an item is being resolved)."""
        if not self.job.busy:
            self.closed.emit()

    def reset(self) -> None:
        """Forgets the list and any notice; an answer on its way is dropped."""
        self.job.cancel()
        self._entries = []
        self._loaded = False
        self._notice = ""
        self._error = None
        self._build_list()
        self.retranslate()

    def _build_list(self) -> None:
        layout = self._list_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.cards = []
        for entry in self._entries:
            card = TodoCard(self.theme, entry, self.list)
            card.seen_button.clicked.connect(lambda _c=False, e=entry: self.see(e))
            self.cards.append(card)
            layout.addWidget(card)
        layout.addStretch(1)

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        show_text(self.title, self.tr("À traiter"))
        self.setAccessibleName(self.title.text())
        self.back_button.setText(self.tr("Retour"))
        self.back_button.setAccessibleName(self.back_button.text())
        self.back_button.setEnabled(not self.job.busy)
        error = self._error
        if error is None:
            show_text(self.alert, "")
        else:
            words = messages.describe(error)
            show_text(self.alert, f"{words.text} {words.next_step}")
        if self.job.busy:
            intro = self.tr("Un instant…")
        elif self._notice:
            intro = self._notice
        else:
            intro = self.tr(
                "La plateforme a refusé ces envois, ou les a gardés avec un conflit. "
                "Regardez chacun, puis touchez «\u00a0C’est vu\u00a0». Rien n’est effacé."
            )
        show_text(self.intro, intro)
        show_text(
            self.empty,
            self.tr("Rien à traiter.") if self._loaded and not self._entries else "",
        )
        own = self.services.station_id
        for card in self.cards:
            heading, reason, details = entry_words(card.entry, own)
            show_text(card.heading, heading)
            show_text(card.reason, reason)
            show_text(card.details, details)
            card.seen_button.setText(self.tr("C’est vu"))
            card.seen_button.setAccessibleName(self.tr("C’est vu\u00a0: %1").replace("%1", heading))
            card.seen_button.setEnabled(not self.job.busy)
            card.setAccessibleName(heading)
