"""The message screen: the card is being read, was refused, or the session ended."""

from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.domain.errors import KioskError
from kiosk.ui import messages
from kiosk.ui.flow import Notice, ScreenName
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import make_label, show_text
from kiosk.ui.widgets.pictogram import card_reader_pictogram

# The ``reason`` of a session ended by the idle timer.
IDLE_REASON = "idle"


class MessageScreen(Screen):
    """Tells the person, in a few large words, what happens with their card.

    * reading: "Lecture de la carte…", do not take it out;
    * refused: why the card cannot be used, "Reprenez votre carte." and what to do then
      (from :mod:`kiosk.ui.messages`), shown until the card is taken out;
    * goodbye: "Au revoir. Reprenez votre carte."

    It shows nothing personal and nothing technical.

    Attributes:
        pictogram: a card going into the box (reading) or coming out (refused, goodbye).
        title: the main words.
        text: what happened.
        take_card: "Reprenez votre carte." (refused, goodbye).
        next_step: what to do then.

    Signals:
        None: the person only has to take the card.
    """

    screen_id = ScreenName.MESSAGE

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        """Builds the screen.

        Args:
            theme: colours and sizes.
            parent: the Qt parent.
        """
        super().__init__(parent)
        sizes = theme.sizes
        self._notice: Notice | None = None
        self._error: KioskError | None = None
        self._reason = ""
        self._card_in = card_reader_pictogram(sizes.pictogram_px, theme.colours)
        self._card_out = card_reader_pictogram(sizes.pictogram_px, theme.colours, taking_out=True)

        self.pictogram = self._label(Role.PICTOGRAM)
        self.title = self._label(Role.TITLE)
        self.text = self._label(Role.BODY)
        self.take_card = self._label(Role.INSTRUCTION)
        self.next_step = self._label(Role.BODY)

        layout = self.frame(theme)
        layout.addStretch(1)
        layout.addWidget(self.pictogram)
        layout.addSpacing(sizes.spacing_px)
        for label in (self.title, self.text, self.take_card, self.next_step):
            layout.addWidget(label)
        layout.addStretch(2)
        self.retranslate()

    def _label(self, role: Role) -> QLabel:
        return make_label(self, role, centred=True)

    @property
    def notice(self) -> Notice | None:
        """What the screen says now (``None`` once reset)."""
        return self._notice

    def show_notice(
        self, notice: Notice, error: KioskError | None = None, reason: str = ""
    ) -> None:
        """Sets what the screen says.

        Args:
            notice: reading, refused or goodbye.
            error: why the card was refused (``REFUSED``).
            reason: why the session ended (``GOODBYE``): "idle" says so.
        """
        self._notice, self._error, self._reason = notice, error, reason
        if error is not None:
            messages.log_shown(error, self.screen_id)
        self.retranslate()

    def reset(self) -> None:
        """Forgets the message."""
        self._notice, self._error, self._reason = None, None, ""
        self.retranslate()

    def _texts(self) -> tuple[str, str, str, str]:
        """Returns the title, the text, the take-the-card line and the next step."""
        take_card = self.tr("Reprenez votre carte.")
        if self._notice is Notice.READING:
            return self.tr("Lecture de la carte…"), self.tr("Ne retirez pas la carte."), "", ""
        if self._notice is Notice.REFUSED:
            message = messages.describe(self._error or KioskError())
            return message.title, message.text, take_card, message.next_step
        if self._notice is Notice.GOODBYE:
            ended = self.tr("Votre session est terminée.")
            if self._reason == IDLE_REASON:
                ended = self.tr("Personne n’a touché l’écran depuis un moment.") + " " + ended
            return self.tr("Au revoir."), ended, take_card, ""
        return "", "", "", ""

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        self.setAccessibleName(self.tr("Message"))
        labels = (self.title, self.text, self.take_card, self.next_step)
        for label, value in zip(labels, self._texts(), strict=True):
            show_text(label, value)
        taking_out = self._notice in (Notice.REFUSED, Notice.GOODBYE)
        pixmap: QPixmap = self._card_out if taking_out else self._card_in
        self.pictogram.setPixmap(pixmap)
        if taking_out:
            self.pictogram.setAccessibleName(self.tr("Dessin\u00a0: une carte sort du boîtier."))
        else:
            self.pictogram.setAccessibleName(self.tr("Dessin\u00a0: une carte dans le boîtier."))
