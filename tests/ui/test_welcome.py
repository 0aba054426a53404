"""The welcome screen: French texts, accessible names, language toggle."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.i18n import LanguageSwitcher, load_kiosk_translator
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.welcome import WelcomeScreen

FRENCH = {
    "title": "Bienvenue",
    "step_card": "1. Posez votre carte dans le boîtier.",
    "step_code": "2. Tapez votre code secret.",
    "keep_card": "Laissez la carte dans le boîtier jusqu’à la fin.",
    "help_hint": "Besoin d’aide\u00a0? Demandez à un agent.",
}
ENGLISH = {
    "title": "Welcome",
    "step_card": "1. Put your card in the box.",
    "step_code": "2. Type your secret code.",
    "keep_card": "Leave the card in the box until you have finished.",
    "help_hint": "Need help? Ask a member of staff.",
}


def _texts(screen: WelcomeScreen) -> dict[str, str]:
    return {name: getattr(screen, name).text() for name in FRENCH}


def _widgets(screen: QWidget) -> list[QWidget]:
    return [screen, *screen.findChildren(QWidget)]


def test_shows_the_french_instructions(welcome: WelcomeScreen) -> None:
    assert _texts(welcome) == FRENCH
    assert welcome.language_button.text() == "English"
    assert not welcome.pictogram.pixmap().isNull()


def test_every_widget_has_an_accessible_name(welcome: WelcomeScreen) -> None:
    widgets = _widgets(welcome)
    assert len(widgets) >= 8
    unnamed = [w for w in widgets if not w.accessibleName().strip()]
    assert not unnamed
    assert welcome.accessibleName() == "Écran d’accueil"
    assert welcome.title.accessibleName() == "Bienvenue"
    assert welcome.pictogram.accessibleName().startswith("Dessin")
    assert welcome.language_button.accessibleName() == "Changer de langue"
    assert welcome.language_button.accessibleDescription() == "Afficher la borne en anglais."


def test_the_only_control_is_the_language_button(welcome: WelcomeScreen) -> None:
    focusable = [
        w for w in welcome.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert focusable == [welcome.language_button]
    labels = welcome.findChildren(QLabel)
    assert all(not label.textInteractionFlags() for label in labels)


def test_toggle_switches_to_english_and_back(
    qtbot: QtBot, window: MainWindow, language: LanguageSwitcher
) -> None:
    welcome = window.welcome
    QTest.mouseClick(welcome.language_button, Qt.MouseButton.LeftButton)
    assert language.language == "en"
    assert _texts(welcome) == ENGLISH
    assert welcome.language_button.text() == "Français"
    assert welcome.language_button.locale().language() == QLocale.Language.French
    assert welcome.language_button.accessibleName() == "Change language"
    assert welcome.language_button.accessibleDescription() == "Show the kiosk in French."
    assert welcome.accessibleName() == "Welcome screen"
    assert welcome.title.accessibleName() == "Welcome"
    assert window.windowTitle() == "Social services kiosk"

    QTest.mouseClick(welcome.language_button, Qt.MouseButton.LeftButton)
    assert language.language == "fr"
    assert _texts(welcome) == FRENCH
    assert welcome.language_button.text() == "English"
    assert window.windowTitle() == "Borne des services sociaux"


def test_screen_follows_any_language_change_event(
    qtbot: QtBot, styled_app: QApplication, welcome: WelcomeScreen
) -> None:
    # A translator installed behind the switcher's back: Qt's LanguageChange is enough.
    translator = load_kiosk_translator("en")
    styled_app.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: welcome.title.text() == "Welcome")
    finally:
        styled_app.removeTranslator(translator)
    qtbot.waitUntil(lambda: welcome.title.text() == "Bienvenue")


def test_retranslate_is_called_on_language_change(welcome: WelcomeScreen) -> None:
    welcome.title.setText("effacé")
    QApplication.sendEvent(welcome, QEvent(QEvent.Type.LanguageChange))
    assert welcome.title.text() == "Bienvenue"


def test_text_is_large_and_the_button_is_a_large_target(window: MainWindow) -> None:
    welcome = window.welcome
    for label in welcome.findChildren(QLabel):
        if label.text():
            assert label.font().pixelSize() >= 20, label.text()
    assert welcome.title.font().pixelSize() > welcome.step_card.font().pixelSize()
    for button in welcome.findChildren(QPushButton):
        assert button.height() >= 64
        assert button.width() >= 48
    assert welcome.pictogram.height() >= 200


def test_every_text_fits_in_a_1280_by_800_window(window: MainWindow) -> None:
    welcome = window.welcome
    for label in welcome.findChildren(QLabel):
        assert label.isVisible()
        assert label.geometry().bottom() <= welcome.height()
        assert label.width() >= label.minimumSizeHint().width()
