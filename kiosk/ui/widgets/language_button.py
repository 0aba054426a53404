"""The button that switches the kiosk between French and English."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.ui.i18n import LANGUAGE_NAMES, LanguageSwitcher
from kiosk.ui.theme import Role, set_role


class LanguageButton(QPushButton):
    """Shows the other language's own name ("English" / "Français") and switches to it.

    The label is written in the target language, so that a person who cannot read the
    current one still recognises it.

    Signals:
        clicked(bool): inherited from QPushButton; already connected to the switcher.
    """

    def __init__(self, switcher: LanguageSwitcher, parent: QWidget | None = None) -> None:
        """Creates the button.

        Args:
            switcher: the service that switches the application's language.
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._switcher = switcher
        set_role(self, Role.SECONDARY)
        self.clicked.connect(switcher.toggle)
        self.retranslate()

    def retranslate(self) -> None:
        """Sets the label, accessible name and description for the current language."""
        target = self._switcher.other_language
        self.setText(LANGUAGE_NAMES[target])
        # Screen readers should pronounce the label in its own language.
        self.setLocale(QLocale(target))
        self.setAccessibleName(self.tr("Changer de langue"))
        descriptions = {
            "en": self.tr("Afficher la borne en anglais."),
            "fr": self.tr("Afficher la borne en français."),
        }
        self.setAccessibleDescription(descriptions[target])

    def changeEvent(self, event: QEvent, /) -> None:
        """Re-translates the button when the application's language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
