"""What the home screens of the three roles share: tiles, a greeting, the sync's status line,
and "Terminer".

Each role has its own screen (``home_beneficiary.py``, ``home_agent.py``,
``home_technician.py``) that names its tiles. The screens those tiles open come with later
work: until then each tile is shown, disabled, with the honest note "Bientôt disponible".
Staff homes (:class:`StaffHomeScreen`) also have the "À traiter" tile, with its count.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.auth.identity import Holder
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.base import HeaderScreen
from kiosk.ui.sync_words import SyncState, todo_count, todo_note
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import make_label, show_text
from kiosk.ui.widgets.sync_line import SyncStatusLine
from kiosk.ui.widgets.tile import Tile

# Tiles per row, and per row once there are more than MAX_TWO_COLUMNS tiles (two rows of
# three fit a 1280 x 800 screen where three rows of two would not).
COLUMNS = 2
WIDE_COLUMNS = 3
MAX_TWO_COLUMNS = 4


class HomeScreen(HeaderScreen):
    """A home screen: large tiles, and "Terminer" to end the session.

    Nothing personal is shown, except a member of staff's own name in the greeting.
    Subclasses give the tiles' names in :meth:`tile_names`; tiles offered later (the card
    tools, "À traiter") join the grid with :meth:`add_tile`.

    Attributes:
        greeting: "Bonjour <name>" for staff; hidden for beneficiaries.
        title: "Que voulez-vous faire ?".
        tiles: the role's tiles, in reading order.
        sync_line: how the sync stands (hidden on a station without sync services).
        hint: how to leave.
        logout_button: "Terminer".
        language_button: switches between French and English.

    Signals:
        logout_requested(): the person pressed "Terminer".
    """

    logout_requested = Signal()
    #: The beneficiary's short status line instead of the full one.
    brief_sync: ClassVar[bool] = False
    #: Say what the technician does about a station that cannot sync.
    technician_sync: ClassVar[bool] = False

    def __init__(
        self, theme: Theme, language: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        """Builds the screen; the arguments are those of :class:`HeaderScreen`."""
        super().__init__(theme, language, parent)
        spacing = theme.sizes.spacing_px
        self._holder: Holder | None = None

        self.logout_button = QPushButton(self)
        set_role(self.logout_button, Role.PRIMARY)
        self.logout_button.clicked.connect(self.logout_requested)
        self.greeting = make_label(self, Role.INSTRUCTION)
        self.title = make_label(self, Role.TITLE)
        self.hint = make_label(self, Role.HINT)
        self.tiles = [Tile(theme, self) for _ in self.tile_names()]
        for tile in self.tiles:
            tile.setEnabled(False)
        self._grid_tiles = list(self.tiles)
        self.sync_line = SyncStatusLine(
            theme, brief=self.brief_sync, technician=self.technician_sync, parent=self
        )

        heading = QVBoxLayout()
        heading.setSpacing(spacing // 2)
        heading.addWidget(self.greeting)
        heading.addWidget(self.title)

        self._grid = QGridLayout()
        self._grid.setSpacing(spacing)
        self.relayout()

        layout = self.frame_with_header(heading, self.logout_button)
        layout.addSpacing(spacing)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        layout.addWidget(self.sync_line)
        layout.addWidget(self.hint)
        self.retranslate()

    def tile_names(self) -> list[str]:
        """Returns the names of the role's tiles, in the current language."""
        raise NotImplementedError

    def add_tile(self, tile: Tile) -> None:
        """Adds a tile after the others (shown once not hidden; call :meth:`relayout`)."""
        self._grid_tiles.append(tile)
        self.relayout()

    def relayout(self) -> None:
        """Puts the tiles not hidden in the grid, in order, two or three per row."""
        for tile in self._grid_tiles:
            self._grid.removeWidget(tile)
        shown = [tile for tile in self._grid_tiles if not tile.isHidden()]
        columns = COLUMNS if len(shown) <= MAX_TWO_COLUMNS else WIDE_COLUMNS
        for index, tile in enumerate(shown):
            self._grid.addWidget(tile, index // columns, index % columns)

    def show_sync(self, state: SyncState | None) -> None:
        """Shows how the sync stands (None hides the line).

        Args:
            state: the worker's status, or why the station has no worker.
        """
        self.sync_line.show_state(state)

    def show_holder(self, holder: Holder) -> None:
        """Shows the home of a logged-in holder.

        Args:
            holder: the holder; only a member of staff's name is shown.
        """
        self._holder = holder
        self.retranslate()

    def reset(self) -> None:
        """Forgets the holder."""
        self._holder = None
        self.retranslate()

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        holder = self._holder
        name = holder.display_name if holder is not None and holder.role.is_staff else ""
        greeting = (
            QCoreApplication.translate("HomeScreen", "Bonjour %1").replace("%1", name)
            if name
            else ""
        )
        self.setAccessibleName(QCoreApplication.translate("HomeScreen", "Écran principal"))
        for label, text in (
            (self.greeting, greeting),
            (self.title, QCoreApplication.translate("HomeScreen", "Que voulez-vous faire\u00a0?")),
            (
                self.hint,
                QCoreApplication.translate(
                    "HomeScreen",
                    "Quand vous avez fini, touchez «\u00a0Terminer\u00a0» et reprenez votre carte.",
                ),
            ),
        ):
            show_text(label, text)
        soon = QCoreApplication.translate("HomeScreen", "Bientôt disponible")
        for tile, name_of_tile in zip(self.tiles, self.tile_names(), strict=True):
            tile.set_texts(name_of_tile, soon)
        self.logout_button.setText(QCoreApplication.translate("HomeScreen", "Terminer"))
        self.logout_button.setAccessibleName(self.logout_button.text())
        self.logout_button.setAccessibleDescription(
            QCoreApplication.translate("HomeScreen", "Termine la session.")
        )


class StaffHomeScreen(HomeScreen):
    """A home of agents or technicians: with the "À traiter" tile, once offered.

    Attributes:
        todo_tile: "À traiter", with how many items wait for a look; hidden until offered.

    Signals:
        logout_requested(): inherited.
        todo_requested(object): the holder touched "À traiter"; carries the holder.
    """

    todo_requested = Signal(object)

    def __init__(
        self, theme: Theme, language: LanguageSwitcher, parent: QWidget | None = None
    ) -> None:
        """Builds the screen; see :class:`HomeScreen`."""
        super().__init__(theme, language, parent)
        self._todo = 0
        self.todo_tile = Tile(theme, self)
        self.todo_tile.hide()
        self.todo_tile.clicked.connect(lambda: self.todo_requested.emit(self._holder))

    def offer_todo(self) -> None:
        """Shows the "À traiter" tile (on a station with sync services)."""
        if self.todo_tile in self._grid_tiles:
            return
        self.todo_tile.show()
        self.add_tile(self.todo_tile)
        self.retranslate()

    @property
    def todo(self) -> int:
        """How many items the tile says wait for a look."""
        return self._todo

    def show_sync(self, state: SyncState | None) -> None:
        """Shows how the sync stands, and the count of the "À traiter" tile."""
        super().show_sync(state)
        self._todo = todo_count(state)
        self.retranslate()

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        super().retranslate()
        tile = getattr(self, "todo_tile", None)  # the base class translates before it exists
        if tile is not None:
            tile.set_texts(
                QCoreApplication.translate("StaffHomeScreen", "À traiter"), todo_note(self._todo)
            )
