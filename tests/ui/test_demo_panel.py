"""The demo panel puts a card in and takes it out through its CardSlot, off the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.demo_panel import CardSlot, DemoCard, DemoPanel


class FakeSlot:
    """A card slot that records what it was asked, and on which thread."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[str] = []
        self.threads: list[threading.Thread] = []
        self.fail = fail
        self.release = threading.Event()
        self.release.set()

    def insert(self) -> None:
        self.release.wait(5)
        self.calls.append("insert")
        self.threads.append(threading.current_thread())
        if self.fail:
            raise TimeoutError("no vpcd on 127.0.0.1:35963")

    def remove(self) -> None:
        self.calls.append("remove")
        self.threads.append(threading.current_thread())


def _name(text: str) -> Callable[[], str]:
    return lambda: text


@pytest.fixture
def slots() -> list[FakeSlot]:
    return [FakeSlot(), FakeSlot()]


@pytest.fixture
def panel(qtbot: QtBot, language: LanguageSwitcher, slots: list[FakeSlot]) -> DemoPanel:
    cards = [
        DemoCard(_name("Carte d’usager"), "258046", slots[0]),
        DemoCard(_name("Carte d’agent"), "135790", slots[1]),
    ]
    widget = DemoPanel(Theme(), cards)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _click(button: QAbstractButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_fake_slot_is_a_card_slot() -> None:
    slot: CardSlot = FakeSlot()  # mypy checks the protocol here
    assert slot is not None


def test_the_panel_starts_with_the_first_card_chosen_and_none_inserted(panel: DemoPanel) -> None:
    assert panel.card_buttons[0].isChecked()
    assert panel.inserted is None
    assert panel.insert_button.isEnabled()
    assert not panel.remove_button.isEnabled()
    assert panel.card_buttons[0].text() == "Carte d’usager (code 258046)"
    assert panel.insert_button.text() == "Insérer la carte"
    assert panel.remove_button.text() == "Retirer la carte"
    assert panel.state.text() == "Aucune carte dans le lecteur."
    for button in (*panel.card_buttons, panel.insert_button, panel.remove_button):
        assert button.accessibleName() == button.text()
        assert button.height() >= Theme().sizes.button_min_height_px


def test_insert_runs_on_a_worker_and_reports_on_the_gui_thread(
    qtbot: QtBot, panel: DemoPanel, slots: list[FakeSlot]
) -> None:
    slots[1].release.clear()
    _click(panel.card_buttons[1])
    received: list[threading.Thread] = []
    panel.card_inserted.connect(lambda _: received.append(threading.current_thread()))
    with qtbot.waitSignal(panel.card_inserted, timeout=5000) as blocker:
        _click(panel.insert_button)
        assert panel.busy
        assert not panel.insert_button.isEnabled()
        assert not any(button.isEnabled() for button in panel.card_buttons)
        assert panel.state.text() == "Un instant…"
        slots[1].release.set()
    assert blocker.args == [1]
    assert slots[1].calls == ["insert"]
    assert slots[0].calls == []
    assert slots[1].threads[0] is not threading.main_thread()
    assert received == [threading.main_thread()]
    assert panel.inserted == 1
    assert not panel.busy
    assert panel.remove_button.isEnabled()
    assert not panel.insert_button.isEnabled()
    assert panel.state.text() == "Dans le lecteur\u00a0: Carte d’agent (code 135790)"


def test_a_card_in_the_reader_stays_chosen_until_it_is_removed(
    qtbot: QtBot, panel: DemoPanel, slots: list[FakeSlot]
) -> None:
    with qtbot.waitSignal(panel.card_inserted, timeout=5000):
        _click(panel.insert_button)
    panel.choose(1)
    assert panel.card_buttons[0].isChecked()
    panel.insert()  # a second card cannot go in
    with qtbot.waitSignal(panel.card_removed, timeout=5000) as blocker:
        _click(panel.remove_button)
    assert blocker.args == [0]
    assert slots[0].calls == ["insert", "remove"]
    assert panel.inserted is None
    panel.choose(1)
    assert panel.card_buttons[1].isChecked()
    assert panel.insert_button.isEnabled()


def test_a_failed_insert_is_logged_and_the_panel_stays_usable(
    qtbot: QtBot, language: LanguageSwitcher, caplog: pytest.LogCaptureFixture
) -> None:
    panel = DemoPanel(Theme(), [DemoCard(_name("Carte"), "258046", FakeSlot(fail=True))])
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.failed, timeout=5000) as blocker:
        panel.insert()
    assert "TimeoutError" in blocker.args[0]
    assert panel.inserted is None
    assert panel.insert_button.isEnabled()
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "could not insert card 0" in record.getMessage()
    caplog.clear()


def test_the_panel_speaks_english_after_a_switch(
    panel: DemoPanel, language: LanguageSwitcher
) -> None:
    language.set_language("en")
    assert panel.insert_button.text() == "Insert the card"
    assert panel.remove_button.text() == "Remove the card"
    assert panel.state.text() == "No card in the reader."
    assert panel.windowTitle() == "Demo: card reader"
    assert panel.card_buttons[0].text() == "Carte d’usager (PIN 258046)"


def test_the_panel_needs_a_card(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match="at least one card"):
        DemoPanel(Theme(), [])


def test_wait_until_idle_waits_for_the_slot(panel: DemoPanel, slots: list[FakeSlot]) -> None:
    slots[0].release.clear()
    panel.insert()
    threading.Timer(0.05, slots[0].release.set).start()
    assert panel.wait_until_idle(5000)
    assert slots[0].calls == ["insert"]
