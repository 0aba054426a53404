"""The beneficiary's home: their documents, their aid requests, who saw their data."""

from __future__ import annotations

from kiosk.ui.flow import ScreenName
from kiosk.ui.screens.home import HomeScreen


class BeneficiaryHomeScreen(HomeScreen):
    """The home of a beneficiary; shows nothing about them.

    Signals:
        logout_requested(): inherited; the person pressed "Terminer".
    """

    screen_id = ScreenName.HOME_BENEFICIARY

    def tile_names(self) -> list[str]:
        """Returns the names of the tiles, in the current language."""
        return [
            self.tr("Ajouter un document"),
            self.tr("Mes documents"),
            self.tr("Mes demandes d’aide"),
            self.tr("Qui a vu mes données"),
        ]
