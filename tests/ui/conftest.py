"""Fixtures of the UI tests: real Qt widgets, the real translations, the default theme."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from auth.virtual_desk import Station, make_station
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.hardware.reader_thread import ReaderThread
from kiosk.ui.app import KioskUi, build_app
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.qt_compat import protect_none
from kiosk.ui.screens.welcome import WelcomeScreen
from kiosk.ui.sync_jobs import SyncServices
from kiosk.ui.theme import Theme

# Before any test: PySide6 6.12.0 on Python 3.11 would otherwise abort the run after a few
# thousand Qt calls (see kiosk/ui/qt_compat.py).
protect_none()


@pytest.fixture(autouse=True)
def fail_on_unexpected_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fails a test that logged a WARNING or worse it did not expect.

    A test that expects one asserts on it, then calls ``caplog.clear()``.
    """
    yield
    unexpected = [
        record for record in caplog.get_records("call") if record.levelno >= logging.WARNING
    ]
    if unexpected:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
        pytest.fail(f"unexpected log records:\n{lines}")


@pytest.fixture
def styled_app(qapp: QApplication) -> Iterator[QApplication]:
    """The test application with the kiosk theme; the old look is restored afterwards."""
    saved = (qapp.styleSheet(), qapp.font(), qapp.palette())
    Theme().apply(qapp)
    yield qapp
    qapp.setStyleSheet(saved[0])
    qapp.setFont(saved[1])
    qapp.setPalette(saved[2])


@pytest.fixture
def language(styled_app: QApplication) -> Iterator[LanguageSwitcher]:
    """A language switcher for a French station; its translators are removed afterwards."""
    switcher = LanguageSwitcher(styled_app, "fr")
    yield switcher
    switcher.uninstall()


@pytest.fixture
def welcome(qtbot: QtBot, language: LanguageSwitcher) -> WelcomeScreen:
    """A welcome screen, not shown."""
    screen = WelcomeScreen(Theme(), language)
    qtbot.addWidget(screen)
    return screen


@pytest.fixture
def window(qtbot: QtBot, welcome: WelcomeScreen, language: LanguageSwitcher) -> MainWindow:
    """An ordinary (not kiosk) main window holding the welcome screen, shown at 1280x800."""
    main = MainWindow(welcome, language, kiosk_mode=False)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def make_ui(styled_app: QApplication) -> Iterator[Callable[..., KioskUi]]:
    """Builds the whole interface with :func:`build_app`, inside the test body.

    Building inside the test matters for the crash hook: pytest-qt swaps
    ``sys.excepthook`` between set-up and the test call.
    """
    built: list[KioskUi] = []

    def make(
        language: str = "fr",
        kiosk_mode: bool = False,
        card: CardBridge | None = None,
        documents: DocumentServices | None = None,
        sync: SyncServices | None = None,
    ) -> KioskUi:
        ui = build_app(
            language,
            kiosk_mode,
            argv=["kiosk-test"],
            card=card,
            documents=documents,
            sync=sync,
        )
        built.append(ui)
        return ui

    yield make
    for ui in built:
        ui.shutdown()


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    """A station with a card authority, a vault and a register, for the card tools."""
    made = make_station(tmp_path)
    yield made
    made.vault.db.close()


@pytest.fixture
def reader() -> Iterator[ReaderThread]:
    """A real reader thread, which carries the card tools' work."""
    thread = ReaderThread()
    yield thread
    thread.shutdown()
