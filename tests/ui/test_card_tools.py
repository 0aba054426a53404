"""The card tools wired into the whole interface: the tiles of the technician and the agent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from auth.virtual_desk import make_station
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.auth.session import CardStatus
from kiosk.ui.app import KioskUi
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.card_service import CardService, CardStackLike, CardStackUnavailable
from kiosk.ui.card_tools import install_card_tools
from kiosk.ui.flow import ScreenName
from kiosk.ui.messages import StationProblem
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.screens.home_technician import CARDS_TILE, TechnicianHomeScreen

from .cards import AGENT, TECHNICIAN


def _no_stack(listener: Callable[[CardStatus], None]) -> CardStackLike:
    raise CardStackUnavailable(StationProblem.NO_CARD_SERVICE, "no pcscd in this test")


def test_the_cards_tiles_open_the_card_tools(
    make_ui: Callable[..., KioskUi], tmp_path: Path
) -> None:
    station = make_station(tmp_path)
    bridge = CardBridge()
    ui = make_ui(card=bridge)
    cards = CardService(_no_stack, bridge)
    tools = install_card_tools(
        ui.window, ui.screens.homes, ui.theme, ui.language, station.service, cards, bridge
    )
    technician = ui.screens.homes[ScreenName.HOME_TECHNICIAN]
    agent = ui.screens.homes[ScreenName.HOME_AGENT]
    assert isinstance(technician, TechnicianHomeScreen)
    assert isinstance(agent, AgentHomeScreen)
    assert technician.tiles[CARDS_TILE].isEnabled()
    assert not agent.cards_tile.isHidden()

    technician.show_holder(TECHNICIAN)
    ui.window.show_screen(technician.screen_id)
    QTest.mouseClick(technician.tiles[CARDS_TILE], Qt.MouseButton.LeftButton)
    assert ui.window.current_screen() is tools.issue
    agent.show_holder(AGENT)
    ui.window.show_screen(agent.screen_id)
    QTest.mouseClick(agent.cards_tile, Qt.MouseButton.LeftButton)
    assert ui.window.current_screen() is tools.counter
    station.vault.db.close()
