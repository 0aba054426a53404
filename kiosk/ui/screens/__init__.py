"""The kiosk's screens, one per module. Each is a :class:`~kiosk.ui.screens.base.Screen`."""
