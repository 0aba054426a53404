"""Helpers of the card-tool tests: a tool shown for a member of staff, a PIN chosen on it."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.auth.identity import Holder
from kiosk.ui.screens.card_tool import CardToolScreen

# Card work runs on a real reader thread; the tests wait for it through Qt's event loop.
WAIT_MS = 15_000

Tool = TypeVar("Tool", bound=CardToolScreen)


def shown(qtbot: QtBot, screen: Tool, holder: Holder) -> Tool:
    """Shows a card tool at 1280x900, opened for a member of staff."""
    qtbot.addWidget(screen)
    screen.resize(1280, 900)
    screen.show()
    qtbot.waitExposed(screen)
    screen.start(holder)
    return screen


def choose_pin(screen: CardToolScreen, pin: str, times: int = 1) -> None:
    """Types a PIN on the tool's PIN choice and validates it, ``times`` times."""
    for _ in range(times):
        for digit in pin:
            screen.pin_choice.press_digit(digit)
        screen.pin_choice.validate()


def assert_everything_named(screen: CardToolScreen) -> None:
    """Every button and every field of the tool has an accessible name."""
    for button in screen.findChildren(QPushButton):
        assert button.accessibleName(), button.text()
    for edit in screen.findChildren(QLineEdit):
        assert edit.accessibleName()
