"""Typed errors of the vault. The UI and CLI choose the words; these carry the data."""

from __future__ import annotations

from kiosk.domain.errors import KioskError, UserFacingError


class VaultError(KioskError):
    """Base of the vault's errors."""


class IntegrityError(VaultError):
    """Stored ciphertext, its labels or a key stanza failed authentication.

    Attributes:
        what: the kind of object ("document", "stanza", "profile", "frame", "journal").
        object_id: which one (a document id, a key id...).
    """

    def __init__(self, what: str, object_id: str, detail: str = "") -> None:
        super().__init__(f"integrity failure on {what} {object_id}: {detail}".rstrip(": "))
        self.what = what
        self.object_id = object_id
        self.detail = detail


class TruncatedStream(IntegrityError):
    """An encrypted stream ends before its final frame (cut file or cut copy)."""

    def __init__(self, object_id: str, frames_read: int) -> None:
        super().__init__("stream", object_id, f"final frame missing after {frames_read}")
        self.frames_read = frames_read


class MalformedStream(IntegrityError):
    """An encrypted stream whose header is not one we write."""


class NoKeyForRecipient(VaultError):
    """No key of this level is wrapped to the presented key (no right, or revoked)."""

    def __init__(self, beneficiary_id: str, level: int, recipient_fp: str) -> None:
        super().__init__(f"no key of level {level} for recipient {recipient_fp[:16]}")
        self.beneficiary_id = beneficiary_id
        self.level = level
        self.recipient_fp = recipient_fp


class NotFound(VaultError):
    """The beneficiary, document or revision does not exist (or was erased)."""

    def __init__(self, what: str, object_id: str) -> None:
        super().__init__(f"{what} {object_id} not found")
        self.what = what
        self.object_id = object_id


class NotAllowed(VaultError, UserFacingError):
    """The session's holder may not do this (an agent exporting, a level above theirs...)."""

    def __init__(self, action: str, reason: str) -> None:
        super().__init__(f"{action} refused: {reason}")
        self.action = action
        self.reason = reason


class SessionClosed(VaultError):
    """The vault session was closed (logout, card removed); its keys are gone."""


class NoEscrowKey(VaultError):
    """The station has no escrow public key set, so no key may be created."""
