"""What the home screens of the three roles share: tiles, a greeting, and "Terminer".

Each role has its own screen (``home_beneficiary.py``, ``home_agent.py``,
``home_technician.py``) that names its tiles. The screens those tiles open come with later
work: until then each tile is shown, disabled, with the honest note "Bientôt disponible".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.auth.identity import Holder
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.base import HeaderScreen
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import make_label, show_text
from kiosk.ui.widgets.tile import Tile

# Tiles per row.
COLUMNS = 2


class HomeScreen(HeaderScreen):
    """A home screen: large tiles, and "Terminer" to end the session.

    Nothing personal is shown, except a member of staff's own name in the greeting.
    Subclasses give the tiles' names in :meth:`tile_names`.

    Attributes:
        greeting: "Bonjour <name>" for staff; hidden for beneficiaries.
        title: "Que voulez-vous faire ?".
        tiles: the role's tiles, in reading order.
        hint: how to leave.
        logout_button: "Terminer".
        language_button: switches between French and English.

    Signals:
        logout_requested(): the person pressed "Terminer".
    """

    logout_requested = Signal()

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

        heading = QVBoxLayout()
        heading.setSpacing(spacing // 2)
        heading.addWidget(self.greeting)
        heading.addWidget(self.title)

        grid = QGridLayout()
        grid.setSpacing(spacing)
        for index, tile in enumerate(self.tiles):
            grid.addWidget(tile, index // COLUMNS, index % COLUMNS)

        layout = self.frame_with_header(heading, self.logout_button)
        layout.addSpacing(spacing)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        self.retranslate()

    def tile_names(self) -> list[str]:
        """Returns the names of the role's tiles, in the current language."""
        raise NotImplementedError

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
