"""The demo's card reader: choose a virtual card, put it in the reader, take it out.

Only :mod:`kiosk.ui.demo` builds this panel, in a small window of its own beside the kiosk's
(so the kiosk's screenshots show the kiosk alone); a station never shows it. Each card is a
:class:`CardSlot`: the virtual card's link to pcscd
(:class:`kiosk.hardware.virtual_card.VpcdCardLink`) is one; the demo's
:class:`kiosk.ui.demo_station.DeskSlot` wraps it to also wait until pcscd has seen the card
come or go; a test's fake is another.

Inserting or removing a card waits for pcscd's virtual reader (a socket), so it runs on the
panel's own one-thread pool; the buttons are disabled meanwhile, and the answer comes back
to the GUI thread as a signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QButtonGroup, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.theme import Role, Theme, set_role

log = logging.getLogger("kiosk.ui")


class CardSlot(Protocol):
    """A card that can be put in a reader and taken out (a virtual card's link to pcscd)."""

    def insert(self) -> None:
        """Puts the card in its reader; returns once the reader has it."""
        ...

    def remove(self) -> None:
        """Takes the card out of its reader."""
        ...


@dataclass(frozen=True)
class DemoCard:
    """One card of the demo panel.

    Attributes:
        name: what the card is ("Usager"), in the current language (called again on a
            language switch).
        pin: its code, shown so that anybody can try it.
        slot: how it goes in and out of the reader.
    """

    name: Callable[[], str]
    pin: str
    slot: CardSlot


class DemoPanel(QWidget):
    """Buttons that put the demo's virtual cards in the reader and take them out.

    One card at a time is in the reader: the card buttons are disabled while one is in.

    Attributes:
        title: "Lecteur de démonstration".
        card_buttons: one checkable button per card, in the order given.
        insert_button: "Insérer la carte".
        remove_button: "Retirer la carte".
        state: what is in the reader now.

    Signals:
        card_inserted(int): the card of this index is in the reader.
        card_removed(int): the card of this index was taken out.
        failed(str): inserting or removing failed (the technical reason, for the log).
    """

    card_inserted = Signal(int)
    card_removed = Signal(int)
    failed = Signal(str)
    _done = Signal(str, int, str)  # action, card index, error ("" when it worked)

    def __init__(
        self,
        theme: Theme,
        cards: Sequence[DemoCard],
        *,
        pool: QThreadPool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the panel, with the first card chosen and none in the reader.

        Args:
            theme: colours and sizes.
            cards: the cards to choose from (at least one).
            pool: where inserting and removing run; a private one-thread pool by default.
            parent: the Qt parent (none: the panel is a window of its own).

        Raises:
            ValueError: no card was given.
        """
        super().__init__(parent)
        if not cards:
            raise ValueError("the demo panel needs at least one card")
        self._cards = list(cards)
        self._pool = pool or QThreadPool(self)
        if pool is None:
            self._pool.setMaxThreadCount(1)  # one card operation at a time, in order
        self._inserted: int | None = None
        self._busy = False
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

        self.title = QLabel(self)
        set_role(self.title, Role.INSTRUCTION)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.card_buttons: list[QPushButton] = []
        for index in range(len(self._cards)):
            button = QPushButton(self)
            set_role(button, Role.SECONDARY)
            button.setCheckable(True)
            self.group.addButton(button, index)
            self.card_buttons.append(button)
        self.card_buttons[0].setChecked(True)
        self.insert_button = QPushButton(self)
        set_role(self.insert_button, Role.PRIMARY)
        self.insert_button.clicked.connect(self.insert)
        self.remove_button = QPushButton(self)
        set_role(self.remove_button, Role.SECONDARY)
        self.remove_button.clicked.connect(self.remove)
        self.state = QLabel(self)
        set_role(self.state, Role.HINT)
        self.state.setWordWrap(True)

        sizes, colours = theme.sizes, theme.colours
        # The chosen card looks like a primary button (the theme has no "checked" look).
        self.setStyleSheet(
            f"QPushButton:checked {{ background-color: {colours.primary};"
            f" border-color: {colours.primary}; color: {colours.on_primary}; }}"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(sizes.spacing_px,) * 4)
        layout.setSpacing(sizes.spacing_px // 2)
        layout.addWidget(self.title)
        for button in self.card_buttons:
            layout.addWidget(button)
        layout.addSpacing(sizes.spacing_px // 2)
        layout.addWidget(self.insert_button)
        layout.addWidget(self.remove_button)
        layout.addWidget(self.state)
        self.retranslate()
        self._refresh()

    @property
    def inserted(self) -> int | None:
        """The index of the card in the reader, or ``None``."""
        return self._inserted

    @property
    def busy(self) -> bool:
        """Whether a card is going in or out now."""
        return self._busy

    def choose(self, index: int) -> None:
        """Chooses the card the insert button puts in (while none is in the reader).

        Args:
            index: the card's index.
        """
        if self._inserted is None and not self._busy:
            self.card_buttons[index].setChecked(True)
            self._refresh()

    def insert(self) -> None:
        """Puts the chosen card in the reader (on the pool); ``card_inserted`` follows."""
        if self._busy or self._inserted is not None:
            return
        self._run("insert", self.group.checkedId())

    def remove(self) -> None:
        """Takes the card out of the reader (on the pool); ``card_removed`` follows."""
        if self._busy or self._inserted is None:
            return
        self._run("remove", self._inserted)

    def wait_until_idle(self, timeout_ms: int = 10_000) -> bool:
        """Waits for a card going in or out to get there (before the panel is deleted).

        Args:
            timeout_ms: how long to wait at most.

        Returns:
            True when nothing runs any more.
        """
        return self._pool.waitForDone(timeout_ms)

    def _run(self, action: str, index: int) -> None:
        slot = self._cards[index].slot
        operation = slot.insert if action == "insert" else slot.remove
        self._busy = True
        self._refresh()

        def work() -> None:
            try:
                operation()
            except Exception as error:  # reported to the GUI thread, which logs it
                self._done.emit(action, index, f"{type(error).__name__}: {error}")
            else:
                self._done.emit(action, index, "")

        self._pool.start(QRunnable.create(work))

    def _on_done(self, action: str, index: int, error: str) -> None:
        self._busy = False
        if error:
            log.error("demo panel: could not %s card %d: %s", action, index, error)
            self._refresh()
            self.failed.emit(error)
            return
        self._inserted = index if action == "insert" else None
        self._refresh()
        if action == "insert":
            self.card_inserted.emit(index)
        else:
            self.card_removed.emit(index)

    def _refresh(self) -> None:
        free = not self._busy and self._inserted is None
        for button in self.card_buttons:
            button.setEnabled(free)
        self.insert_button.setEnabled(free)
        self.remove_button.setEnabled(not self._busy and self._inserted is not None)
        self._retranslate_state()

    def _card_text(self, index: int) -> str:
        card = self._cards[index]
        return self.tr("%1 (code %2)").replace("%1", card.name()).replace("%2", card.pin)

    def _retranslate_state(self) -> None:
        if self._busy:
            text = self.tr("Un instant…")
        elif self._inserted is None:
            text = self.tr("Aucune carte dans le lecteur.")
        else:
            text = self.tr("Dans le lecteur\u00a0: %1").replace(
                "%1", self._card_text(self._inserted)
            )
        self.state.setText(text)
        self.state.setAccessibleName(text)

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        self.setWindowTitle(self.tr("Démonstration\u00a0: lecteur de cartes"))
        self.setAccessibleName(self.windowTitle())
        self.title.setText(self.tr("Lecteur de démonstration"))
        self.title.setAccessibleName(self.title.text())
        for index, button in enumerate(self.card_buttons):
            button.setText(self._card_text(index))
            button.setAccessibleName(button.text())
            button.setAccessibleDescription(self.tr("Choisit la carte à insérer."))
        self.insert_button.setText(self.tr("Insérer la carte"))
        self.insert_button.setAccessibleName(self.insert_button.text())
        self.insert_button.setAccessibleDescription(
            self.tr("Pose la carte choisie dans le lecteur de la borne.")
        )
        self.remove_button.setText(self.tr("Retirer la carte"))
        self.remove_button.setAccessibleName(self.remove_button.text())
        self.remove_button.setAccessibleDescription(
            self.tr("Retire la carte du lecteur de la borne.")
        )
        self._retranslate_state()

    def changeEvent(self, event: QEvent, /) -> None:
        """Re-translates the panel when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
