"""What the rest of the kiosk knows of a smart card: a connection, and typed errors.

Exactly one module (``kiosk.hardware.pcsc``) implements these with pyscard; the PIV client
and the login code only see ``SmartCardConnection``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.domain.errors import KioskError, UserFacingError


class SmartCardConnection(Protocol):
    """An open channel to one card in one reader."""

    @property
    def reader(self) -> str:
        """The reader's name."""
        ...

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one command APDU; return (data, SW1SW2).

        Raises:
            CardRemoved: the card left the reader or the transmit failed.
        """
        ...

    def close(self) -> None:
        """Release the card (resetting it)."""
        ...


@dataclass(frozen=True, slots=True)
class ReaderEvent:
    """A change seen by the monitor: a card inserted (with its ATR) or removed."""

    reader: str
    present: bool
    atr: bytes
    counter: int  # pcscd's insert/remove event counter (upper 16 bits of the state)


class CardError(KioskError):
    """Base of the card errors."""


class CardRemoved(CardError, UserFacingError):
    """The card was pulled out, or the reader stopped answering, during an exchange."""

    def __init__(self, reader: str = "", detail: str = "") -> None:
        super().__init__(f"card removed from {reader!r}: {detail}".rstrip(": "))
        self.reader = reader
        self.detail = detail


class NotOurCard(CardError, UserFacingError):
    """The card is not a PIV card, or not one issued by a card authority we trust.

    Attributes:
        reason: "not_piv", "blank" (never issued), "untrusted", "expired", "wrong_usage",
            "mismatch", "clone".
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"not our card ({reason}): {detail}".rstrip(": "))
        self.reason = reason
        self.detail = detail


class CardRevoked(CardError, UserFacingError):
    """The card is on the revocation list (lost, stolen, replaced)."""

    def __init__(self, serial: int) -> None:
        super().__init__(f"card certificate {serial:x} is revoked")
        self.serial = serial


class BadResponse(CardError, UserFacingError):
    """The card answered something malformed (truncated TLV, wrong length, garbage)."""

    def __init__(self, command: str, detail: str) -> None:
        super().__init__(f"bad answer to {command}: {detail}")
        self.command = command
        self.detail = detail


class ApduError(CardError):
    """The card refused a command with an unexpected status word."""

    def __init__(self, command: str, sw: int) -> None:
        super().__init__(f"{command} failed with SW {sw:04X}")
        self.command = command
        self.sw = sw


class SecurityNotSatisfied(ApduError):
    """69 82: the command needs a PIN or the management key first."""


class WrongPin(CardError, UserFacingError):
    """The PIN (or PUK) was wrong; ``tries_left`` more tries before the card blocks."""

    def __init__(self, tries_left: int, puk: bool = False) -> None:
        super().__init__(f"wrong {'PUK' if puk else 'PIN'}, {tries_left} tries left")
        self.tries_left = tries_left
        self.puk = puk


class PinBlocked(CardError, UserFacingError):
    """69 83: the PIN (or the PUK) is blocked; an agent must unblock the card."""

    def __init__(self, puk: bool = False) -> None:
        super().__init__(f"{'PUK' if puk else 'PIN'} blocked")
        self.puk = puk
