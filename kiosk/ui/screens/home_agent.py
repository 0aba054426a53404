"""The home of an agent or a head of service: people, requests to instruct, messages."""

from __future__ import annotations

from kiosk.ui.flow import ScreenName
from kiosk.ui.screens.home import HomeScreen


class AgentHomeScreen(HomeScreen):
    """The home of an agent or a head of service, who is greeted by name.

    Signals:
        logout_requested(): inherited; the agent pressed "Terminer".
    """

    screen_id = ScreenName.HOME_AGENT

    def tile_names(self) -> list[str]:
        """Returns the names of the tiles, in the current language."""
        return [
            self.tr("Trouver une personne"),
            self.tr("Demandes à instruire"),
            self.tr("Messages"),
        ]
