"""The home of an agent or a head of service: people, requests to instruct, messages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.home import StaffHomeScreen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.tile import Tile


class AgentHomeScreen(StaffHomeScreen):
    """The home of an agent or a head of service, who is greeted by name.

    A "Cartes" tile (lost, blocked or replaced cards) appears once :meth:`offer_cards` is
    called, on a station that holds a card authority; "À traiter" once the sync is there.

    Attributes:
        cards_tile: the "Cartes" tile, hidden until offered.

    Signals:
        logout_requested(): inherited; the agent pressed "Terminer".
        todo_requested(object): inherited; the agent touched "À traiter".
        cards_requested(object): the agent touched "Cartes"; carries the holder.
    """

    screen_id = ScreenName.HOME_AGENT
    cards_requested = Signal(object)

    def __init__(
        self, theme: Theme, language: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        """Builds the screen; see :class:`~kiosk.ui.screens.home.HomeScreen`."""
        super().__init__(theme, language, parent)
        self.cards_tile = Tile(theme, self)
        self.cards_tile.hide()
        self.cards_tile.clicked.connect(lambda: self.cards_requested.emit(self._holder))
        self.add_tile(self.cards_tile)
        self.retranslate()

    def tile_names(self) -> list[str]:
        """Returns the names of the tiles, in the current language."""
        return [
            self.tr("Trouver une personne"),
            self.tr("Demandes à instruire"),
            self.tr("Messages"),
        ]

    def offer_cards(self) -> None:
        """Shows the "Cartes" tile."""
        self.cards_tile.show()
        self.relayout()

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        super().retranslate()
        tile = getattr(self, "cards_tile", None)  # the base class translates before it exists
        if tile is not None:
            tile.set_texts(self.tr("Cartes"), self.tr("Perdue, bloquée, à remplacer"))
