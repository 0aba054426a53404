"""The technician's home: test the reader and the camera, manage cards."""

from __future__ import annotations

from kiosk.ui.flow import ScreenName
from kiosk.ui.screens.home import HomeScreen


class TechnicianHomeScreen(HomeScreen):
    """The home of a technician, who is greeted by name.

    Signals:
        logout_requested(): inherited; the technician pressed "Terminer".
    """

    screen_id = ScreenName.HOME_TECHNICIAN

    def tile_names(self) -> list[str]:
        """Returns the names of the tiles, in the current language."""
        return [
            self.tr("Tester le lecteur"),
            self.tr("Tester la caméra"),
            self.tr("Cartes"),
        ]
