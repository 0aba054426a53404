"""The language switcher: translators installed and removed, events delivered at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.i18n import LanguageSwitcher, TranslationMissingError, load_kiosk_translator


def _welcome_title() -> str:
    return QCoreApplication.translate("WelcomeScreen", "Bienvenue")


def test_french_station_starts_in_french(language: LanguageSwitcher) -> None:
    assert language.language == "fr"
    assert language.other_language == "en"
    assert _welcome_title() == "Bienvenue"


def test_switching_installs_and_removes_the_english_translator(
    qtbot: QtBot, language: LanguageSwitcher
) -> None:
    with qtbot.waitSignal(language.languageChanged) as blocker:
        language.set_language("en")
    assert blocker.args == ["en"]
    assert _welcome_title() == "Welcome"
    assert QLocale().language() == QLocale.Language.English

    language.toggle()
    assert language.language == "fr"
    assert _welcome_title() == "Bienvenue"


def test_setting_the_same_language_again_changes_nothing(
    qtbot: QtBot, language: LanguageSwitcher
) -> None:
    with qtbot.assertNotEmitted(language.languageChanged):
        language.set_language("fr")


def test_reset_goes_back_to_the_station_language(styled_app: QApplication) -> None:
    switcher = LanguageSwitcher(styled_app, "en")
    try:
        assert _welcome_title() == "Welcome"
        switcher.toggle()
        assert _welcome_title() == "Bienvenue"
        switcher.reset()
        assert switcher.language == "en"
        assert _welcome_title() == "Welcome"
    finally:
        switcher.uninstall()
    assert _welcome_title() == "Bienvenue"


def test_unknown_language_is_refused(
    styled_app: QApplication, language: LanguageSwitcher
) -> None:
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        language.set_language("de")
    with pytest.raises(ValueError, match="unsupported language"):
        LanguageSwitcher(styled_app, "es")
    assert language.language == "fr"


def test_missing_translation_file_is_reported(tmp_path: Path, styled_app: QApplication) -> None:
    with pytest.raises(TranslationMissingError, match=r"kiosk_en\.qm"):
        load_kiosk_translator("en", tmp_path)
    (tmp_path / "kiosk_en.qm").write_bytes(b"not a qm file")
    with pytest.raises(TranslationMissingError):
        LanguageSwitcher(styled_app, "fr", tmp_path)
