"""The welcome screen: what anyone sees before a card is in the box."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.base import HeaderScreen
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import make_label
from kiosk.ui.widgets.pictogram import card_reader_pictogram


class WelcomeScreen(HeaderScreen):
    """Greets the person and tells them to put their card in the box, then type the code.

    It shows nothing personal: it is also the screen the kiosk falls back to when a card
    is taken out or something goes wrong.

    Attributes:
        title: the big "Bienvenue".
        pictogram: a drawing of the card going into the box.
        step_card: the first instruction (put the card in the box).
        step_code: the second instruction (type the code).
        keep_card: the reminder to leave the card in the box.
        help_hint: where to find help.
        language_button: switches between French and English.

    Signals:
        None: the language button talks to the language service directly.
    """

    screen_id = "welcome"

    def __init__(
        self, theme: Theme, language: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        """Builds the screen; the arguments are those of :class:`HeaderScreen`."""
        super().__init__(theme, language, parent)
        self.title = self._label(Role.TITLE)
        self.pictogram = self._label(Role.PICTOGRAM)
        self.pictogram.setPixmap(card_reader_pictogram(theme.sizes.pictogram_px, theme.colours))
        self.step_card = self._label(Role.INSTRUCTION)
        self.step_code = self._label(Role.INSTRUCTION)
        self.keep_card = self._label(Role.HINT)
        self.help_hint = self._label(Role.HINT)

        layout = self.frame_with_header()
        layout.addStretch(1)
        for label in (self.title, self.pictogram, self.step_card, self.step_code):
            layout.addWidget(label)
        layout.addSpacing(theme.sizes.spacing_px)
        layout.addWidget(self.keep_card)
        layout.addWidget(self.help_hint)
        layout.addStretch(2)

        self.retranslate()

    def _label(self, role: Role) -> QLabel:
        return make_label(self, role, centred=True)

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        self.setAccessibleName(self.tr("Écran d’accueil"))
        texts = (
            (self.title, self.tr("Bienvenue")),
            (self.step_card, self.tr("1. Posez votre carte dans le boîtier.")),
            (self.step_code, self.tr("2. Tapez votre code secret.")),
            (self.keep_card, self.tr("Laissez la carte dans le boîtier jusqu’à la fin.")),
            (self.help_hint, self.tr("Besoin d’aide ? Demandez à un agent.")),
        )
        for label, text in texts:
            label.setText(text)
            label.setAccessibleName(text)
        self.pictogram.setAccessibleName(self.tr("Dessin : une carte entre dans le boîtier."))
        self.pictogram.setAccessibleDescription(
            self.tr("Le boîtier a des touches pour taper le code.")
        )
