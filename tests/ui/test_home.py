"""The home screens: each role's tiles, honest about what is not there yet, and "Terminer"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.auth.identity import Holder
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.screens.home_beneficiary import BeneficiaryHomeScreen
from kiosk.ui.screens.home_technician import TechnicianHomeScreen
from kiosk.ui.theme import Theme

from .cards import AGENT, BENEFICIARY, HEAD, TECHNICIAN

TILES = {
    BeneficiaryHomeScreen: [
        "Ajouter un document", "Mes documents", "Mes demandes d’aide", "Qui a vu mes données"
    ],
    AgentHomeScreen: ["Trouver une personne", "Demandes à instruire", "Messages"],
    TechnicianHomeScreen: ["Tester le lecteur", "Tester la caméra", "Cartes"],
}


def _make(qtbot: QtBot, language: LanguageSwitcher, kind: type[HomeScreen]) -> HomeScreen:
    screen = kind(Theme(), language)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def _visible_texts(screen: QWidget) -> str:
    return " ".join(
        label.text() for label in screen.findChildren(QLabel) if label.isVisibleTo(screen)
    )


@pytest.mark.parametrize(("kind", "holder"), [
    (BeneficiaryHomeScreen, BENEFICIARY),
    (AgentHomeScreen, AGENT),
    (TechnicianHomeScreen, TECHNICIAN),
])
def test_each_role_sees_its_tiles_marked_coming_soon(
    qtbot: QtBot, language: LanguageSwitcher, kind: type[HomeScreen], holder: Holder
) -> None:
    home = _make(qtbot, language, kind)
    home.show_holder(holder)
    assert [tile.name.text() for tile in home.tiles] == TILES[kind]
    for tile in home.tiles:
        assert tile.isVisible()
        assert not tile.isEnabled()
        assert tile.note.text() == "Bientôt disponible"
        assert tile.accessibleName() == tile.name.text()
        assert tile.accessibleDescription() == "Bientôt disponible"
        assert tile.height() >= 120
    assert home.logout_button.text() == "Terminer"
    assert home.logout_button.isEnabled()


def test_tiles_are_large_and_text_fits(qtbot: QtBot, language: LanguageSwitcher) -> None:
    home = _make(qtbot, language, BeneficiaryHomeScreen)
    for tile in home.tiles:
        assert tile.width() >= 400
        for label in (tile.name, tile.note):
            assert label.geometry().bottom() <= tile.height()
            assert label.font().pixelSize() >= 24
    assert all(b.height() >= 64 for b in home.findChildren(QPushButton))


def test_terminer_asks_to_end_the_session(qtbot: QtBot, language: LanguageSwitcher) -> None:
    home = _make(qtbot, language, AgentHomeScreen)
    with qtbot.waitSignal(home.logout_requested):
        QTest.mouseClick(home.logout_button, Qt.MouseButton.LeftButton)


def test_a_beneficiary_home_shows_nothing_personal(
    qtbot: QtBot, language: LanguageSwitcher
) -> None:
    home = _make(qtbot, language, BeneficiaryHomeScreen)
    home.show_holder(BENEFICIARY)
    shown = _visible_texts(home)
    assert not home.greeting.isVisibleTo(home)
    for personal in (BENEFICIARY.holder_id, BENEFICIARY.card_number, "Bonjour"):
        assert personal not in shown


@pytest.mark.parametrize("holder", [AGENT, HEAD])
def test_agents_are_greeted_by_their_own_name_only(
    qtbot: QtBot, language: LanguageSwitcher, holder: Holder
) -> None:
    home = _make(qtbot, language, AgentHomeScreen)
    home.show_holder(holder)
    assert home.greeting.text() == f"Bonjour {holder.display_name}"
    shown = _visible_texts(home)
    assert holder.card_number not in shown
    assert holder.structure_id not in shown or not holder.structure_id
    home.reset()
    assert not home.greeting.isVisibleTo(home)
    assert holder.display_name not in _visible_texts(home)


def test_english_after_switching_language(qtbot: QtBot, language: LanguageSwitcher) -> None:
    home = _make(qtbot, language, BeneficiaryHomeScreen)
    language.set_language("en")
    assert [tile.name.text() for tile in home.tiles][:2] == ["Add a document", "My documents"]
    assert home.tiles[0].note.text() == "Coming soon"
    assert home.logout_button.text() == "Finish"
    assert home.title.text() == "What do you want to do?"
