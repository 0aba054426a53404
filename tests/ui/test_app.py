"""The composition root and the crash hook."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.app import KioskUi, run_app
from kiosk.ui.crash import CrashHandler, describe_crash
from kiosk.ui.main_window import MainWindow

from .screens import PERSONAL, SessionScreen, StubError


def _crash_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "kiosk.ui" and r.levelno == logging.ERROR
    ]


def test_build_app_wires_a_window_on_the_welcome_screen(
    make_ui: Callable[..., KioskUi],
) -> None:
    ui = make_ui("en", kiosk_mode=True)
    assert ui.app is QCoreApplication.instance()
    assert ui.window.kiosk_mode
    assert ui.window.current_screen() is ui.window.welcome
    assert ui.language.language == "en"
    assert ui.window.welcome.title.text() == "Welcome"
    assert sys.excepthook == ui.crash_handler.handle
    assert threading.excepthook == ui.crash_handler.handle_thread


def test_shutdown_puts_the_previous_hooks_back(make_ui: Callable[..., KioskUi]) -> None:
    previous, previous_thread = sys.excepthook, threading.excepthook
    ui = make_ui()
    ui.shutdown()
    assert sys.excepthook is previous
    assert threading.excepthook is previous_thread
    assert QCoreApplication.translate("WelcomeScreen", "Bienvenue") == "Bienvenue"


def test_an_error_in_a_slot_is_logged_and_the_kiosk_starts_over(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], caplog: pytest.LogCaptureFixture
) -> None:
    ui = make_ui()
    session = SessionScreen()
    ui.window.add_screen(session)
    ui.window.show_screen("session")
    ui.window.show()
    qtbot.waitExposed(ui.window)

    with qtbot.waitSignal(ui.window.returnedToWelcome):
        QTest.mouseClick(session.button, Qt.MouseButton.LeftButton)

    assert ui.window.current_screen() is ui.window.welcome
    assert session.resets == 1
    [record] = _crash_records(caplog)
    assert "StubError" in record.getMessage()
    assert "explode" in record.getMessage()  # the stack is there
    assert "DUPONT" not in record.getMessage()  # the message is not
    assert record.exc_info is None
    caplog.clear()


def test_an_error_in_a_worker_thread_comes_back_to_the_gui_thread(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], caplog: pytest.LogCaptureFixture
) -> None:
    ui = make_ui()
    session = SessionScreen()
    ui.window.add_screen(session)
    ui.window.show_screen("session")
    recovered_in: list[threading.Thread] = []
    ui.window.returnedToWelcome.connect(lambda: recovered_in.append(threading.current_thread()))

    worker = threading.Thread(target=session.explode, name="ocr-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: ui.window.current_screen() is ui.window.welcome)

    assert recovered_in == [threading.main_thread()]
    assert "StubError" in _crash_records(caplog)[0].getMessage()
    caplog.clear()


def test_keyboard_interrupt_is_not_a_crash() -> None:
    recoveries: list[bool] = []
    handler = CrashHandler(lambda: recoveries.append(True))
    seen: list[type[BaseException]] = []
    saved = sys.excepthook
    sys.excepthook = lambda kind, exc, tb: seen.append(kind)
    try:
        handler.install()
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        handler.uninstall()
        sys.excepthook = saved
    assert seen == [KeyboardInterrupt]
    assert recoveries == []


def test_a_failing_recovery_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def recover() -> None:
        raise RuntimeError(PERSONAL)

    handler = CrashHandler(recover)
    handler.handle(StubError, StubError(PERSONAL), None)
    levels = [r.levelno for r in caplog.records if r.name == "kiosk.ui"]
    assert levels == [logging.ERROR, logging.CRITICAL]
    assert all(PERSONAL not in r.getMessage() for r in caplog.records)
    caplog.clear()


def test_describe_crash_follows_the_causes_without_their_messages() -> None:
    try:
        try:
            raise KeyError(PERSONAL)
        except KeyError as inner:
            raise StubError(PERSONAL) from inner
    except StubError as outer:
        text = describe_crash(outer)
    assert text.index("StubError") < text.index("Caused by:") < text.index("builtins.KeyError")
    assert "test_describe_crash_follows_the_causes" in text
    assert "DUPONT" not in text



def test_run_app_shows_the_kiosk_full_screen_until_the_app_quits(
    styled_app: QApplication,
) -> None:
    seen: list[tuple[str, bool]] = []

    def look_then_quit() -> None:
        seen.extend(
            (w.current_screen().screen_id, w.isFullScreen())
            for w in styled_app.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()
        )
        styled_app.exit(3)

    previous_hook, previous_sigint = sys.excepthook, signal.getsignal(signal.SIGINT)
    QTimer.singleShot(0, look_then_quit)
    assert run_app("fr", kiosk_mode=True) == 3
    assert seen == [("welcome", True)]
    assert sys.excepthook is previous_hook
    assert signal.getsignal(signal.SIGINT) is previous_sigint
