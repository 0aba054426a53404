"""Applies the card flow to the window: each card status brings up its screen.

:func:`kiosk.ui.flow.view_for` decides what to show; :class:`CardFlowController` only does
it, in the GUI thread, and wires the screens' requests (a PIN, "Terminer") back to the
card session manager through the :class:`~kiosk.ui.card_bridge.CardBridge`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk.auth.session import CardStatus
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.crash import describe_crash
from kiosk.ui.flow import SESSION_PHASES, ScreenName, View, view_for
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.message import MessageScreen
from kiosk.ui.screens.pin_pad import PinPadScreen

log = logging.getLogger("kiosk.ui")


@dataclass(frozen=True)
class CardScreens:
    """The screens of the card flow (the welcome screen belongs to the window).

    Attributes:
        pin_pad: the PIN pad.
        message: reading, refused, goodbye.
        homes: the home screen of each role, by screen name.
    """

    pin_pad: PinPadScreen
    message: MessageScreen
    homes: Mapping[ScreenName, HomeScreen]

    def all(self) -> list[Screen]:
        """Returns every screen, to add to the window."""
        return [self.pin_pad, self.message, *self.homes.values()]


class CardFlowController(QObject):
    """Shows the screen of each card status and forwards the person's requests.

    Signals:
        view_shown(object): a :class:`~kiosk.ui.flow.View` was applied; its screen is in
            front.
    """

    view_shown = Signal(object)

    def __init__(
        self,
        bridge: CardBridge,
        window: MainWindow,
        screens: CardScreens,
        parent: QObject | None = None,
    ) -> None:
        """Connects the bridge, the window and the screens.

        Args:
            bridge: where card statuses come from and requests go to.
            window: the main window, holding every screen of ``screens``.
            screens: the card flow's screens.
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._bridge = bridge
        self._window = window
        self._screens = screens
        self._shown = ScreenName.WELCOME
        bridge.status_changed.connect(self.apply)
        screens.pin_pad.pin_entered.connect(bridge.submit_pin)
        for home in screens.homes.values():
            home.logout_requested.connect(self._on_logout_requested)
        window.returnedToWelcome.connect(self._on_returned_to_welcome)

    def apply(self, status: CardStatus) -> None:
        """Shows the screen of a status (a slot of ``status_changed``).

        Args:
            status: the status, delivered in the GUI thread.
        """
        view = view_for(status)
        if view.screen is ScreenName.WELCOME:
            if self._shown is not ScreenName.WELCOME or (
                self._window.current_screen() is not self._window.welcome
            ):
                self._window.return_to_welcome()
        else:
            if view.new_person:
                self._window.forget_person()
            self._prepare(view)
            self._window.show_screen(view.screen)
        self._shown = view.screen
        self.view_shown.emit(view)

    def _prepare(self, view: View) -> None:
        screens = self._screens
        if view.screen is ScreenName.MESSAGE:
            if view.notice is not None:
                screens.message.show_notice(view.notice, view.error, view.reason)
        elif view.screen is ScreenName.PIN_PAD:
            if view.busy:
                screens.pin_pad.show_checking(view.holder)
            else:
                screens.pin_pad.show_entry(view.holder, view.tries_left, view.error)
        elif view.holder is not None:
            screens.pin_pad.reset()
            screens.homes[view.screen].show_holder(view.holder)

    def _on_logout_requested(self) -> None:
        log.info("the person ended the session")
        self._bridge.logout("logout")

    def _on_returned_to_welcome(self) -> None:
        """After a reset that the card did not ask for (a crash), end the session too."""
        self._shown = ScreenName.WELCOME
        if self._bridge.status.phase not in SESSION_PHASES:
            return
        try:
            self._bridge.logout("reset")
        except Exception as error:  # this runs during crash recovery: it must not raise
            log.error("could not end the card session after a reset\n%s", describe_crash(error))
