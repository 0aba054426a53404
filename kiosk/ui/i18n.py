"""Languages of the kiosk: loading the Qt translators and switching at run time.

French is the source language: every string in the code is French, wrapped in
``self.tr()`` or ``QCoreApplication.translate()``. English comes from
``resources/translations/kiosk_en.qm``, compiled from ``kiosk_en.ts`` by
``scripts/translations.sh``.

Switching language installs or removes translators. Qt then sends
``QEvent.LanguageChange`` to every widget, and each screen re-translates itself in
``retranslate()`` (see :class:`kiosk.ui.screens.base.Screen`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
)

log = logging.getLogger("kiosk.ui")

SOURCE_LANGUAGE: Final = "fr"
SUPPORTED_LANGUAGES: Final = ("fr", "en")

#: Each language's name in that language. Never translated: a person who does not read
#: French must recognise their own language on the button.
LANGUAGE_NAMES: Final[Mapping[str, str]] = {"fr": "Français", "en": "English"}

#: Where ``kiosk_<language>.qm`` files live in the source tree.
TRANSLATIONS_DIR: Final = Path(__file__).resolve().parents[2] / "resources" / "translations"

#: The prefix of the kiosk's own translation files.
CATALOGUE: Final = "kiosk"


class TranslationMissingError(Exception):
    """A compiled translation file (.qm) is missing or cannot be loaded."""


def check_language(language: str) -> str:
    """Returns ``language`` if the kiosk supports it.

    Args:
        language: a language code such as ``"fr"``.

    Raises:
        ValueError: the language is not one of :data:`SUPPORTED_LANGUAGES`.
    """
    if language not in SUPPORTED_LANGUAGES:
        expected = ", ".join(SUPPORTED_LANGUAGES)
        raise ValueError(f"unsupported language {language!r} (expected: {expected})")
    return language


def load_kiosk_translator(language: str, directory: Path = TRANSLATIONS_DIR) -> QTranslator:
    """Loads the kiosk's own translator for a target language.

    Args:
        language: a supported language other than the source language.
        directory: the folder holding ``kiosk_<language>.qm``.

    Raises:
        TranslationMissingError: the file is missing or is not a valid .qm file.
    """
    path = directory / f"{CATALOGUE}_{language}.qm"
    translator = QTranslator()
    if not translator.load(str(path)):
        raise TranslationMissingError(f"cannot load the {language!r} translation from {path}")
    return translator


def load_qt_translator(language: str) -> QTranslator | None:
    """Loads Qt's own strings (standard menus and dialogs) for a language, if shipped.

    Qt's source language is English, so French needs this one too.

    Args:
        language: a language code.
    """
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    if translator.load(f"qtbase_{language}", directory):
        return translator
    log.debug("no Qt translation for %s in %s", language, directory)
    return None


class LanguageSwitcher(QObject):
    """Owns the installed translators and switches the application's language.

    All translators are loaded up front, so that switching cannot fail half-way.
    After :meth:`set_language` returns, every widget has received its
    ``LanguageChange`` event and shows the new language.

    Signals:
        languageChanged(str): the language was switched; carries the new code.
    """

    languageChanged = Signal(str)

    def __init__(
        self,
        app: QCoreApplication,
        default_language: str = SOURCE_LANGUAGE,
        translations_dir: Path = TRANSLATIONS_DIR,
        parent: QObject | None = None,
    ) -> None:
        """Loads the translators and installs those of the default language.

        Args:
            app: the application to install translators into.
            default_language: the language of the station, restored by :meth:`reset`.
            translations_dir: the folder holding ``kiosk_<language>.qm``.
            parent: the Qt parent.

        Raises:
            ValueError: the default language is not supported.
            TranslationMissingError: a kiosk .qm file is missing.
        """
        super().__init__(parent)
        self._app = app
        self._default = check_language(default_language)
        self._translators: dict[str, list[QTranslator]] = {}
        for language in SUPPORTED_LANGUAGES:
            translators: list[QTranslator] = []
            if language != SOURCE_LANGUAGE:
                translators.append(load_kiosk_translator(language, translations_dir))
            qt_translator = load_qt_translator(language)
            if qt_translator is not None:
                translators.append(qt_translator)
            self._translators[language] = translators
        self._language = self._default
        self._install(self._default)

    @property
    def language(self) -> str:
        """The code of the language now shown."""
        return self._language

    @property
    def default_language(self) -> str:
        """The station's language, shown to each new person."""
        return self._default

    @property
    def other_language(self) -> str:
        """The language that :meth:`toggle` switches to."""
        index = SUPPORTED_LANGUAGES.index(self._language)
        return SUPPORTED_LANGUAGES[(index + 1) % len(SUPPORTED_LANGUAGES)]

    def set_language(self, language: str) -> None:
        """Switches the whole application to a language and re-translates every widget.

        Args:
            language: a supported language code.

        Raises:
            ValueError: the language is not supported.
        """
        check_language(language)
        if language == self._language:
            return
        self._uninstall(self._language)
        self._language = language
        self._install(language)
        # Qt posts LanguageChange; deliver it now so the screens are re-translated
        # before this returns (and before a screenshot or a test looks at them).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
        log.info("language switched to %s", language)
        self.languageChanged.emit(language)

    def toggle(self) -> None:
        """Switches to the other language (French <-> English)."""
        self.set_language(self.other_language)

    def reset(self) -> None:
        """Returns to the station's default language (for the next person)."""
        self.set_language(self._default)

    def uninstall(self) -> None:
        """Removes the installed translators from the application (at shutdown)."""
        self._uninstall(self._language)

    def _install(self, language: str) -> None:
        QLocale.setDefault(QLocale(language))
        for translator in self._translators[language]:
            self._app.installTranslator(translator)

    def _uninstall(self, language: str) -> None:
        for translator in self._translators[language]:
            self._app.removeTranslator(translator)
