"""The card tools of agents and technicians, wired into a running kiosk.

The technician's "Cartes" tile opens card issuing, the agent's opens the card counter
(look-up, lost card, new card, unblock). Both work on a card in a reader other than the
session's, on the card stack's reader thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.auth.card_life import CardLifeService
from kiosk.hardware.reader_thread import ReaderThread
from kiosk.station import CardStack, card_desk
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.card_service import CardService
from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.card_counter import CardCounterScreen, install_card_counter
from kiosk.ui.screens.card_issue import CardIssueScreen, install_card_issue
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.theme import Theme


@dataclass(frozen=True)
class CardTools:
    """The two card-tool screens, once installed."""

    issue: CardIssueScreen
    counter: CardCounterScreen


def install_card_tools(
    window: MainWindow,
    homes: Mapping[ScreenName, HomeScreen],
    theme: Theme,
    language: LanguageSwitcher,
    service: CardLifeService,
    cards: CardService,
    bridge: CardBridge,
    escrow_key: Path | None = None,
) -> CardTools:
    """Adds the card tools to the window and opens them from the home screens' tiles.

    Args:
        window: the main window.
        homes: the home screen of each role.
        theme: colours and sizes.
        language: the language service.
        service: the station's card-life service (it holds the card authority).
        cards: the running card stack's owner (its reader thread carries the desk's work).
        bridge: the card bridge (the session's reader is never used for desk work).
        escrow_key: where the escrow's private key usually is (the technician's medium).
    """

    def reader_thread() -> ReaderThread | None:
        stack = cards.stack
        return stack.reader if isinstance(stack, CardStack) else None

    desk = card_desk(
        reader_thread, lambda: {bridge.status.reader} if bridge.status.reader else set()
    )
    issue = install_card_issue(
        window, homes[ScreenName.HOME_TECHNICIAN], theme, language, service, desk
    )
    counter = install_card_counter(
        window, homes[ScreenName.HOME_AGENT], theme, language, service, desk, escrow_key
    )
    return CardTools(issue, counter)
