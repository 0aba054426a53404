"""The sync, wired into a running kiosk: the status line of every home, and "À traiter".

:func:`install_sync` adds the "À traiter" screen (:class:`~kiosk.ui.screens.todo.TodoScreen`)
to the window, offers its tile on the agents' and the technicians' homes, and starts a
:class:`~kiosk.ui.sync_monitor.SyncMonitor` whose states reach every home: the short line
on the beneficiary's, the full one (with the tile's count) on the staff's. Marking an item
as looked at asks the monitor again at once, so the count follows.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject

from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.home import HomeScreen, StaffHomeScreen
from kiosk.ui.screens.todo import TodoScreen
from kiosk.ui.sync_jobs import SyncServices
from kiosk.ui.sync_monitor import SyncMonitor
from kiosk.ui.theme import Theme


class SyncFlow(QObject):
    """Shows the sync's state on the homes, and opens "À traiter" from the staff's tiles.

    Attributes:
        screen: the "À traiter" screen.
        monitor: what asks the worker how it stands.
        services: the sync services.

    Signals:
        None of its own.
    """

    def __init__(
        self,
        window: MainWindow,
        homes: Mapping[ScreenName, HomeScreen],
        screen: TodoScreen,
        monitor: SyncMonitor,
        services: SyncServices,
    ) -> None:
        """Connects the homes, the screen and the monitor.

        Args:
            window: the main window, holding every screen.
            homes: the home screen of each role.
            screen: the "À traiter" screen, already in the window.
            monitor: the sync monitor (not started).
            services: the sync services.
        """
        super().__init__(window)
        self._window = window
        self._homes = dict(homes)
        self._origin: str = ScreenName.HOME_AGENT.value
        self.screen = screen
        self.monitor = monitor
        self.services = services
        monitor.changed.connect(self._show)
        for home in self._homes.values():
            if isinstance(home, StaffHomeScreen):
                home.offer_todo()
                home.todo_requested.connect(lambda _holder, h=home: self.open_todo(h))
        screen.closed.connect(lambda: window.show_screen(self._origin))
        screen.resolved.connect(lambda _item: monitor.refresh())

    def _show(self, state: object) -> None:
        for home in self._homes.values():
            home.show_sync(self.monitor.state)

    def open_todo(self, home: HomeScreen) -> None:
        """Shows "À traiter", read again; "Retour" comes back to ``home``."""
        self._origin = home.screen_id
        self.screen.open()
        self._window.show_screen(self.screen.screen_id)
        self.monitor.refresh()

    def stop(self) -> None:
        """Stops asking the worker (at shutdown)."""
        self.monitor.stop()


def install_sync(
    window: MainWindow,
    homes: Mapping[ScreenName, HomeScreen],
    theme: Theme,
    language: LanguageSwitcher,
    services: SyncServices,
) -> SyncFlow:
    """Adds "À traiter" to the window, the status line to the homes, and starts the monitor.

    Args:
        window: the main window.
        homes: the home screen of each role.
        theme: colours and sizes.
        language: the language service.
        services: the sync services (their worker is started by its owner).

    Returns:
        The flow, which holds the screen and the monitor.
    """
    screen = TodoScreen(theme, language, services)
    window.add_screen(screen)
    monitor = SyncMonitor(services, window)
    flow = SyncFlow(window, homes, screen, monitor, services)
    monitor.start()
    return flow
