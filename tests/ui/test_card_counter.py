"""The agent's card counter, with the real service and in-process virtual cards.

Card work runs on a real reader thread; the tests wait for its outcome through Qt's event
loop, as the station does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from auth.virtual_desk import NEW_PIN, PIN, PUK, PivKey, Station
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.auth.card_register import RegisterEntry
from kiosk.domain.audit import AuditOp
from kiosk.hardware.card import CardRevoked, PinBlocked, WrongPin
from kiosk.hardware.reader_thread import ReaderThread
from kiosk.hardware.virtual_card import VirtualPivCard
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.card_counter import (
    CARD_PAGE,
    FIND_PAGE,
    SECRETS_PAGE,
    UNBLOCKED_PAGE,
    CardCounterScreen,
    install_card_counter,
)
from kiosk.ui.screens.card_tool import ISSUED_PAGE, PIN_PAGE
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.theme import Theme

from .cards import AGENT
from .desk import WAIT_MS, assert_everything_named, choose_pin, shown


@pytest.fixture
def screen(
    qtbot: QtBot, language: LanguageSwitcher, station: Station, reader: ReaderThread
) -> CardCounterScreen:
    made = CardCounterScreen(
        Theme(), language, station.service, station.desk(reader), station.escrow_file()
    )
    return shown(qtbot, made, AGENT)


def _find(qtbot: QtBot, screen: CardCounterScreen, number: str, name: str) -> None:
    screen.card_number.setText(number)
    screen.family_name.setText(name)
    QTest.mouseClick(screen.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.job.busy, timeout=WAIT_MS)


def _issued(station: Station, name: str = "card") -> tuple[VirtualPivCard, RegisterEntry]:
    card = station.blank(name)
    return card, station.issue(card, card_number="011Y5Z").entry


def test_a_card_is_found_by_its_number_and_the_family_name(
    qtbot: QtBot, screen: CardCounterScreen, station: Station
) -> None:
    _issued(station)
    assert not screen.search_button.isEnabled()
    _find(qtbot, screen, "o1l y5z", "LEFEVRE NGOMA")
    assert screen.page == CARD_PAGE
    assert screen.summary.text() == "Carte d’usager 011Y5Z. Elle est valable."
    for button in (screen.revoke_button, screen.reissue_button, screen.unblock_button):
        assert button.isVisibleTo(screen)


def test_a_wrong_name_or_number_finds_nothing(
    qtbot: QtBot, screen: CardCounterScreen, station: Station
) -> None:
    _issued(station)
    _find(qtbot, screen, "011Y5Z", "Martin")
    assert screen.page == FIND_PAGE
    assert "Aucune carte ne correspond à ce numéro et à ce nom." in screen.alert.text()
    _find(qtbot, screen, "011Y5", "Lefèvre-Ngoma")
    assert "Un numéro de carte a 6 chiffres ou lettres" in screen.alert.text()


def test_a_lost_card_is_revoked_after_a_confirmation(
    qtbot: QtBot, screen: CardCounterScreen, station: Station
) -> None:
    card, entry = _issued(station)
    _find(qtbot, screen, entry.card_number, "Lefèvre-Ngoma")
    QTest.mouseClick(screen.revoke_button, Qt.MouseButton.LeftButton)
    assert "011Y5Z ne marchera plus" in screen.revoke_text.text()
    QTest.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert screen.page == CARD_PAGE and station.register.get("011Y5Z").valid
    QTest.mouseClick(screen.revoke_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(screen.confirm_revoke_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.page == CARD_PAGE and not screen.job.busy, timeout=WAIT_MS)
    assert "Elle est annulée" in screen.summary.text()
    assert not screen.revoke_button.isVisibleTo(screen)
    assert not screen.unblock_button.isVisibleTo(screen)
    assert screen.reissue_button.isVisibleTo(screen)
    with pytest.raises(CardRevoked):
        station.login.identify(station.piv(card))
    assert (AGENT.holder_id, AuditOp.CARD_REVOKE, "card:011Y5Z") in station.audit()


def test_a_new_card_opens_the_vault_and_the_old_one_is_revoked(
    qtbot: QtBot, screen: CardCounterScreen, station: Station
) -> None:
    old_card, old = _issued(station)
    _find(qtbot, screen, old.card_number, "Lefèvre-Ngoma")
    QTest.mouseClick(screen.reissue_button, Qt.MouseButton.LeftButton)
    assert screen.page == SECRETS_PAGE
    assert screen.escrow_key.isVisibleTo(screen)
    assert screen.escrow_key.text() == str(station.escrow_file())
    screen.puk.setText(PUK)
    QTest.mouseClick(screen.secrets_button, Qt.MouseButton.LeftButton)
    assert screen.page == PIN_PAGE
    station.on_desk = new_card = station.blank("new")
    choose_pin(screen, NEW_PIN, times=2)
    qtbot.waitUntil(lambda: screen.page == ISSUED_PAGE, timeout=WAIT_MS)

    number = screen.issued_number.text()
    assert number and number != old.card_number
    piv, identity = station.log_in(new_card, NEW_PIN)
    with station.vault.open_session(
        old.holder_id, PivKey(piv, identity.key_management), "t"
    ) as session:
        assert session.profile()["nom"] == "Lefèvre-Ngoma"
    with pytest.raises(CardRevoked):
        station.login.identify(station.piv(old_card))


def test_a_wrong_escrow_key_is_said_before_the_card_is_written(
    qtbot: QtBot, screen: CardCounterScreen, station: Station, tmp_path: Path
) -> None:
    _card, old = _issued(station)
    _find(qtbot, screen, old.card_number, "Lefèvre-Ngoma")
    screen.ask_secrets("reissue")
    screen.puk.setText(PUK)
    screen.escrow_key.setText(str(tmp_path / "nothing.pem"))
    screen.continue_to_pin()
    station.on_desk = blank = station.blank("new")
    choose_pin(screen, NEW_PIN, times=2)
    qtbot.waitUntil(lambda: screen.page == CARD_PAGE and not screen.job.busy, timeout=WAIT_MS)
    assert "Le fichier de la clé de séquestre est illisible." in screen.alert.text()
    assert blank.public_key(0x9A) is None
    assert station.register.get(old.card_number).valid


def test_a_blocked_card_is_unblocked_with_the_puk(
    qtbot: QtBot, screen: CardCounterScreen, station: Station
) -> None:
    card, entry = _issued(station)
    piv = station.piv(card)
    piv.select()
    for _ in range(3):
        with pytest.raises((WrongPin, PinBlocked)):
            piv.verify("000000")
    station.on_desk = card
    _find(qtbot, screen, entry.card_number, "Lefèvre-Ngoma")
    QTest.mouseClick(screen.unblock_button, Qt.MouseButton.LeftButton)
    assert not screen.escrow_key.isVisibleTo(screen)
    assert not screen.secrets_button.isEnabled()
    screen.puk.setText("11112222")
    screen.continue_to_pin()
    choose_pin(screen, NEW_PIN, times=2)
    qtbot.waitUntil(lambda: screen.page == SECRETS_PAGE and not screen.job.busy, timeout=WAIT_MS)
    assert "Il vous reste 2 essais." in screen.alert.text()
    assert "Vérifiez le code PUK" in screen.alert.text()

    screen.puk.setText(PUK)
    screen.continue_to_pin()
    choose_pin(screen, NEW_PIN, times=2)
    qtbot.waitUntil(lambda: screen.page == UNBLOCKED_PAGE, timeout=WAIT_MS)
    assert not screen.alert.isVisibleTo(screen)
    station.log_in(card, NEW_PIN)
    assert (AGENT.holder_id, AuditOp.CARD_UNBLOCK, "card:011Y5Z") in station.audit()
    QTest.mouseClick(screen.unblocked_button, Qt.MouseButton.LeftButton)
    assert screen.page == FIND_PAGE and not screen.card_number.text()


def test_only_the_card_looked_up_is_unblocked(
    qtbot: QtBot, screen: CardCounterScreen, station: Station
) -> None:
    _card, entry = _issued(station)
    other = station.blank("other")
    station.issue(other, card_number="0A1B2C")
    station.on_desk = other
    _find(qtbot, screen, entry.card_number, "Lefèvre-Ngoma")
    screen.ask_secrets("unblock")
    screen.puk.setText(PUK)
    screen.continue_to_pin()
    choose_pin(screen, NEW_PIN, times=2)
    qtbot.waitUntil(lambda: screen.page == CARD_PAGE and not screen.job.busy, timeout=WAIT_MS)
    assert "La carte posée est la carte 0A1B2C." in screen.alert.text()
    station.log_in(other, PIN)  # untouched


def test_everything_has_a_name_and_the_english_reads(
    screen: CardCounterScreen, language: LanguageSwitcher
) -> None:
    assert_everything_named(screen)
    language.set_language("en")
    assert screen.title.text() == "Cards"
    assert screen.search_button.text() == "Search"


def test_the_agent_tile_opens_the_counter(
    qtbot: QtBot,
    window: MainWindow,
    language: LanguageSwitcher,
    station: Station,
    reader: ReaderThread,
) -> None:
    home = AgentHomeScreen(Theme(), language)
    window.add_screen(home)
    assert [tile.name.text() for tile in home.tiles] == [
        "Trouver une personne",
        "Demandes à instruire",
        "Messages",
    ]
    assert not home.cards_tile.isVisibleTo(home)
    screen = install_card_counter(
        window, home, Theme(), language, station.service, station.desk(reader)
    )
    home.show_holder(AGENT)
    window.show_screen(home.screen_id)
    assert home.cards_tile.isVisibleTo(home) and home.cards_tile.isEnabled()
    assert home.cards_tile.name.text() == "Cartes"
    QTest.mouseClick(home.cards_tile, Qt.MouseButton.LeftButton)
    assert window.current_screen() is screen
    assert not screen.escrow_key.text()
    QTest.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is home
