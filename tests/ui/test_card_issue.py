"""The technician's card issue screen, with the real service and an in-process virtual card.

Card work runs on a real reader thread; the tests wait for its outcome through Qt's event
loop, as the station does.
"""

from __future__ import annotations

import threading

import pytest
from auth.virtual_desk import PIN, PUK, Station
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.auth.identity import HolderRole
from kiosk.hardware.reader_thread import ReaderThread
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.card_issue import DETAILS_PAGE, CardIssueScreen, install_card_issue
from kiosk.ui.screens.card_tool import ISSUED_PAGE, PIN_PAGE
from kiosk.ui.screens.home_technician import CARDS_TILE, TechnicianHomeScreen
from kiosk.ui.theme import Theme

from .cards import TECHNICIAN
from .desk import WAIT_MS, assert_everything_named, choose_pin, shown


@pytest.fixture
def screen(
    qtbot: QtBot, language: LanguageSwitcher, station: Station, reader: ReaderThread
) -> CardIssueScreen:
    made = CardIssueScreen(Theme(), language, station.service, station.desk(reader))
    return shown(qtbot, made, TECHNICIAN)


def _fill(screen: CardIssueScreen, qtbot: QtBot, family: str = "Lefèvre-Ngoma") -> None:
    _type(screen.family_name, family)
    _type(screen.given_names, "Zoé")
    _type(screen.puk, PUK)


def _type(edit: QLineEdit, text: str) -> None:
    """Types into a field (QTest.keyClicks cannot type accented letters)."""
    edit.insert(text)


def _visible_text(widget: QWidget) -> str:
    return " ".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def test_a_beneficiary_card_is_issued_and_its_sheet_written(
    qtbot: QtBot, screen: CardIssueScreen, station: Station
) -> None:
    station.on_desk = card = station.blank()
    assert screen.page == DETAILS_PAGE
    assert screen.role_buttons[HolderRole.BENEFICIARY].isChecked()
    assert not screen.continue_button.isEnabled()
    _fill(screen, qtbot)
    assert screen.continue_button.isEnabled()
    QTest.mouseClick(screen.continue_button, Qt.MouseButton.LeftButton)
    assert screen.page == PIN_PAGE
    choose_pin(screen, PIN)
    assert screen.pin_choice.confirming
    choose_pin(screen, PIN)
    qtbot.waitUntil(lambda: screen.page == ISSUED_PAGE, timeout=WAIT_MS)

    entries = list(station.register.entries().values())
    assert len(entries) == 1
    number = entries[0].card_number
    assert screen.issued_number.text() == number
    assert all(name.startswith("card-reader") for name in station.connects)
    _piv, identity = station.log_in(card)
    assert identity.holder.card_number == number
    assert any(actor == TECHNICIAN.holder_id for actor, _op, _obj in station.audit())

    QTest.mouseClick(screen.sheet_button, Qt.MouseButton.LeftButton)
    sheet = station.data_dir / "outbox" / f"fiche-{number}.pdf"
    qtbot.waitUntil(lambda: str(sheet) in screen.sheet_where.text(), timeout=WAIT_MS)
    assert sheet.read_bytes().startswith(b"%PDF")
    assert screen.page == ISSUED_PAGE

    QTest.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)
    assert screen.page == DETAILS_PAGE
    assert screen.family_name.text() == "" and screen.puk.text() == ""


def test_two_different_pins_start_over(qtbot: QtBot, screen: CardIssueScreen) -> None:
    _fill(screen, qtbot)
    screen.continue_to_pin()
    choose_pin(screen, PIN)
    choose_pin(screen, "111111")
    assert screen.page == PIN_PAGE
    assert not screen.pin_choice.confirming
    assert screen.pin_choice.alert.isVisibleTo(screen)
    assert "différents" in screen.pin_choice.alert.text()
    assert screen.pin_choice.digit_count == 0


def test_no_card_on_the_desk_is_said_plainly(
    qtbot: QtBot, screen: CardIssueScreen, station: Station
) -> None:
    _fill(screen, qtbot)
    screen.continue_to_pin()
    choose_pin(screen, PIN)
    choose_pin(screen, PIN)
    qtbot.waitUntil(lambda: screen.alert.isVisibleTo(screen), timeout=WAIT_MS)
    assert screen.page == DETAILS_PAGE
    assert "Il n’y a pas de carte dans le second lecteur." in screen.alert.text()
    assert screen.family_name.text() == "Lefèvre-Ngoma"  # kept, to try again
    assert station.register.entries() == {}


def test_an_issued_card_is_refused(qtbot: QtBot, screen: CardIssueScreen, station: Station) -> None:
    station.on_desk = card = station.blank()
    station.issue(card)
    _fill(screen, qtbot)
    screen.continue_to_pin()
    choose_pin(screen, PIN)
    choose_pin(screen, PIN)
    qtbot.waitUntil(lambda: screen.alert.isVisibleTo(screen), timeout=WAIT_MS)
    assert "Cette carte est déjà émise." in screen.alert.text()


def test_a_staff_card_names_its_structure(
    qtbot: QtBot, screen: CardIssueScreen, station: Station
) -> None:
    station.on_desk = card = station.blank()
    assert not screen.structure.isVisibleTo(screen)
    QTest.mouseClick(screen.role_buttons[HolderRole.AGENT], Qt.MouseButton.LeftButton)
    assert screen.role is HolderRole.AGENT
    assert screen.structure.isVisibleTo(screen)
    assert screen.role_buttons[HolderRole.AGENT].property("role") == "primary"
    assert screen.role_buttons[HolderRole.BENEFICIARY].property("role") == "secondary"
    _fill(screen, qtbot, "Martin")
    _type(screen.structure, "cms-belleville")
    screen.continue_to_pin()
    choose_pin(screen, PIN)
    choose_pin(screen, PIN)
    qtbot.waitUntil(lambda: screen.page == ISSUED_PAGE, timeout=WAIT_MS)
    _piv, identity = station.log_in(card)
    assert identity.holder.display_name == "Zoé Martin"
    assert identity.holder.structure_id == "cms-belleville"


def test_reset_forgets_everything_and_drops_a_late_result(
    qtbot: QtBot, screen: CardIssueScreen, station: Station, reader: ReaderThread
) -> None:
    station.on_desk = station.blank()
    gate = threading.Event()
    reader.submit(gate.wait, 10)  # the reader thread is busy: the issue waits its turn
    _fill(screen, qtbot)
    screen.continue_to_pin()
    choose_pin(screen, PIN)
    choose_pin(screen, PIN)
    assert screen.job.busy and not screen.back_button.isEnabled()
    screen.reset()
    assert screen.page == DETAILS_PAGE
    assert all(not edit.text() for edit in screen.findChildren(QLineEdit))
    gate.set()
    qtbot.waitUntil(lambda: bool(station.register.entries()), timeout=WAIT_MS)
    qtbot.wait(100)
    assert screen.page == DETAILS_PAGE  # the card was written, the screen stays cleared
    assert not screen.issued_number.text()


def test_everything_has_a_name_and_is_big_enough(screen: CardIssueScreen) -> None:
    assert_everything_named(screen)
    for edit in screen.findChildren(QLineEdit):
        assert edit.height() >= 64
    for button in (screen.continue_button, *screen.role_buttons.values()):
        assert button.height() >= 64


def test_english(screen: CardIssueScreen, language: LanguageSwitcher) -> None:
    language.set_language("en")
    assert screen.title.text() == "Issue a card"
    assert screen.role_buttons[HolderRole.BENEFICIARY].text() == "Beneficiary"
    assert screen.back_button.text() == "Back"


def test_the_technician_tile_opens_the_screen_and_back_returns_home(
    qtbot: QtBot,
    window: MainWindow,
    language: LanguageSwitcher,
    station: Station,
    reader: ReaderThread,
) -> None:
    home = TechnicianHomeScreen(Theme(), language)
    window.add_screen(home)
    assert not home.tiles[CARDS_TILE].isEnabled()
    screen = install_card_issue(
        window, home, Theme(), language, station.service, station.desk(reader)
    )
    home.show_holder(TECHNICIAN)
    window.show_screen(home.screen_id)
    tile = home.tiles[CARDS_TILE]
    assert tile.isEnabled()
    assert tile.note.text() == "Émettre une carte"
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.current_screen() is screen
    assert screen.page == DETAILS_PAGE
    _type(screen.family_name, "Dupont")
    window.forget_person()  # the card left the box
    assert screen.family_name.text() == ""
    QTest.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is home
    assert "Dupont" not in _visible_text(screen)
