"""The Qt user interface: the only part of the kiosk that imports PySide6.

``app.py`` is the composition root that builds everything; ``main_window.py`` holds the
stack of screens; ``screens/`` has one module per screen; ``widgets/`` the pieces they
share; ``theme.py`` and ``i18n.py`` the look and the languages.
"""
