"""The card bridge: statuses cross from the reader thread to the GUI thread; idle logout."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.auth.session import CardPhase, CardStatus
from kiosk.ui.card_bridge import CardBridge

from .cards import BENEFICIARY, FakeCardManager, emit_from_thread, status


@pytest.fixture
def manager() -> FakeCardManager:
    return FakeCardManager()


@pytest.fixture
def bridge(qapp: QApplication, manager: FakeCardManager) -> Iterator[CardBridge]:
    made = CardBridge(manager, idle_timeout_s=30)
    yield made
    made.close()
    made.deleteLater()


def _record(bridge: CardBridge) -> list[tuple[CardStatus, threading.Thread]]:
    seen: list[tuple[CardStatus, threading.Thread]] = []
    bridge.status_changed.connect(lambda s: seen.append((s, threading.current_thread())))
    return seen


def test_statuses_from_another_thread_arrive_in_order_on_the_gui_thread(
    qtbot: QtBot, bridge: CardBridge
) -> None:
    seen = _record(bridge)
    sent = [status(CardPhase.READING), status(CardPhase.PIN, 3, BENEFICIARY)]
    emit_from_thread(bridge.listener, *sent)
    assert seen == []  # queued: nothing happens until the GUI thread's loop runs
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert [s for s, _ in seen] == sent
    assert {thread for _, thread in seen} == {threading.main_thread()}
    assert bridge.status == sent[-1]


def test_one_event_loop_turn_delivers_what_the_thread_sent(bridge: CardBridge) -> None:
    seen = _record(bridge)
    emit_from_thread(bridge.listener, status(CardPhase.NO_CARD))
    QCoreApplication.processEvents()
    assert [s.phase for s, _ in seen] == [CardPhase.NO_CARD]


def test_requests_go_to_the_manager_and_the_pin_is_not_kept(
    bridge: CardBridge, manager: FakeCardManager
) -> None:
    bridge.submit_pin("73914562")
    bridge.logout()
    bridge.logout("idle")
    assert manager.pins == ["73914562"]
    assert manager.logouts == ["logout", "idle"]
    assert "73914562" not in repr(vars(bridge))


def test_a_bridge_can_be_attached_to_its_manager_later(qapp: QApplication) -> None:
    late = FakeCardManager()
    bridge = CardBridge(idle_timeout_s=5)
    bridge.attach(late)
    bridge.submit_pin("123456")
    assert late.pins == ["123456"]
    bridge.deleteLater()


def test_without_a_manager_requests_are_dropped_and_logged(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    bridge = CardBridge()
    bridge.submit_pin("123456")
    bridge.logout("reset")
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(messages) == 2
    assert all("123456" not in m for m in messages)
    caplog.clear()
    bridge.deleteLater()


def test_the_timeout_must_be_positive(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="positive"):
        CardBridge(idle_timeout_s=0)


def test_an_idle_open_session_is_logged_out(
    qtbot: QtBot, qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.ui")
    manager = FakeCardManager()
    bridge = CardBridge(manager, idle_timeout_s=0.05)
    try:
        emit_from_thread(bridge.listener, status(CardPhase.OPEN, holder=BENEFICIARY))
        qtbot.waitUntil(lambda: manager.logouts == ["idle"], timeout=2000)
        assert manager.threads == [threading.main_thread()]
        assert not bridge.idle_timer.isActive()  # asked once, not again and again
        qtbot.wait(150)
        assert manager.logouts == ["idle"]
        assert any("no activity" in r.getMessage() for r in caplog.records)
    finally:
        bridge.close()
        bridge.deleteLater()


def test_the_idle_timer_runs_only_while_a_session_is_open(
    qtbot: QtBot, bridge: CardBridge
) -> None:
    for phase, running in [
        (CardPhase.READING, False),
        (CardPhase.PIN, False),
        (CardPhase.CHECKING, False),
        (CardPhase.OPEN, True),
        (CardPhase.ENDED, False),
        (CardPhase.NO_CARD, False),
    ]:
        bridge.listener(status(phase, holder=BENEFICIARY))
        QCoreApplication.processEvents()
        assert bridge.idle_timer.isActive() is running, phase


def test_a_touch_or_a_key_restarts_the_idle_timer(qtbot: QtBot, bridge: CardBridge) -> None:
    button = QPushButton("Mes documents")
    qtbot.addWidget(button)
    button.show()
    bridge.listener(status(CardPhase.OPEN, holder=BENEFICIARY))
    QCoreApplication.processEvents()
    timer = bridge.idle_timer
    for act in (
        lambda: QTest.keyClick(button, Qt.Key.Key_5),
        lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton),
    ):
        qtbot.wait(300)
        before = timer.remainingTime()
        assert before <= 30_000 - 250
        act()
        assert timer.remainingTime() >= before + 200


def test_activity_is_not_watched_when_no_session_is_open(
    qtbot: QtBot, bridge: CardBridge
) -> None:
    button = QPushButton("Bienvenue")
    qtbot.addWidget(button)
    bridge.listener(status(CardPhase.PIN, 3, BENEFICIARY))
    QCoreApplication.processEvents()
    QTest.keyClick(button, Qt.Key.Key_5)
    assert not bridge.idle_timer.isActive()


def test_a_closed_bridge_drops_statuses(qtbot: QtBot, bridge: CardBridge) -> None:
    seen = _record(bridge)
    bridge.listener(status(CardPhase.OPEN, holder=BENEFICIARY))
    QCoreApplication.processEvents()
    assert bridge.idle_timer.isActive()
    bridge.close()
    assert not bridge.idle_timer.isActive()
    emit_from_thread(bridge.listener, status(CardPhase.NO_CARD))
    QCoreApplication.processEvents()
    assert [s.phase for s, _ in seen] == [CardPhase.OPEN]
