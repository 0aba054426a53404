"""The technician's home: test the reader and the camera, manage cards."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Signal

from kiosk.ui.flow import ScreenName
from kiosk.ui.screens.home import StaffHomeScreen

# The position of the "Cartes" tile.
CARDS_TILE: Final = 2


class TechnicianHomeScreen(StaffHomeScreen):
    """The home of a technician, who is greeted by name.

    The "Cartes" tile opens the card tool once :meth:`offer_cards` is called (on a station
    that holds a card authority); until then it says "Bientôt disponible". The sync's status
    line also tells the technician what to do about a station that cannot sync (not yet
    enrolled with the platform, restored from a backup).

    Signals:
        logout_requested(): inherited; the technician pressed "Terminer".
        todo_requested(object): inherited; the technician touched "À traiter".
        cards_requested(object): the technician touched "Cartes"; carries the holder.
    """

    screen_id = ScreenName.HOME_TECHNICIAN
    cards_requested = Signal(object)
    technician_sync = True
    _cards_offered = False

    def tile_names(self) -> list[str]:
        """Returns the names of the tiles, in the current language."""
        return [
            self.tr("Tester le lecteur"),
            self.tr("Tester la caméra"),
            self.tr("Cartes"),
        ]

    def offer_cards(self) -> None:
        """Makes the "Cartes" tile open the card tool."""
        if self._cards_offered:
            return
        self._cards_offered = True
        tile = self.tiles[CARDS_TILE]
        tile.setEnabled(True)
        tile.clicked.connect(lambda: self.cards_requested.emit(self._holder))
        self.retranslate()

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        super().retranslate()
        if self._cards_offered:
            self.tiles[CARDS_TILE].set_texts(
                self.tr("Cartes"),
                self.tr("Émettre une carte"),
            )
