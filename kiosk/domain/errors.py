"""The root of the kiosk's typed errors.

Core code raises these with the data the UI needs; the words a person reads are chosen in one
place in the UI (and by the CLI), never here. ``str()`` of an error is for logs and developers.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose."""


class UserFacingError(KioskError):
    """An error the person at the station must be told about (bad input, refused action)."""


class Cancelled(KioskError):  # a cancellation, not a failure: no "Error" suffix
    """The person cancelled; nothing to report."""
