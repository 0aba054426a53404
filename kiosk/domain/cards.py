"""Smart cards: who holds them, their status, and whether one may log in now."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from kiosk.domain.normalise import is_card_number
from kiosk.domain.people import InvalidRecord
from kiosk.domain.primitives import require_aware
from kiosk.domain.statemachine import StateMachine

GUID_LENGTH = 16


class HolderKind(StrEnum):
    """Who a card belongs to (technicians hold agent cards with the technician role)."""

    BENEFICIARY = "beneficiary"
    AGENT = "agent"


class CardStatus(StrEnum):
    """The stored status of a card."""

    ACTIVE = "active"
    BLOCKED = "blocked"
    REVOKED = "revoked"


class CardEvent(StrEnum):
    """What can happen to a card."""

    BLOCK = "block"  # PIN locked, or reported lost and maybe found again
    UNBLOCK = "unblock"  # PUK reset at the counter after an identity check
    REVOKE = "revoke"  # for good: lost, stolen, replaced, holder erased


CARD_MACHINE: StateMachine[CardStatus, CardEvent] = StateMachine(
    name="card",
    initial=CardStatus.ACTIVE,
    transitions={
        (CardStatus.ACTIVE, CardEvent.BLOCK): CardStatus.BLOCKED,
        (CardStatus.BLOCKED, CardEvent.UNBLOCK): CardStatus.ACTIVE,
        (CardStatus.ACTIVE, CardEvent.REVOKE): CardStatus.REVOKED,
        (CardStatus.BLOCKED, CardEvent.REVOKE): CardStatus.REVOKED,
    },
)


class CardVerdict(StrEnum):
    """Whether a card may be used at a given instant."""

    USABLE = "usable"
    BLOCKED = "blocked"
    REVOKED = "revoked"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Card:
    """A smart card as the station knows it.

    Attributes:
        card_number: the 6 characters printed on it (normalised).
        guid: the 16-byte CHUID GUID read from the chip.
        holder_kind: beneficiary or agent.
        holder_id: id of the beneficiary or agent.
        status: stored status.
        issued_at: start of validity (aware).
        expires_at: end of validity, exclusive (aware).
    """

    card_number: str
    guid: bytes
    holder_kind: HolderKind
    holder_id: str
    status: CardStatus
    issued_at: datetime
    expires_at: datetime

    def __post_init__(self) -> None:
        if not is_card_number(self.card_number):
            raise InvalidRecord("Card", "card_number")
        if len(self.guid) != GUID_LENGTH:
            raise InvalidRecord("Card", "guid")
        require_aware(self.issued_at)
        require_aware(self.expires_at)
        if self.expires_at <= self.issued_at:
            raise InvalidRecord("Card", "expires_at")

    def apply(self, event: CardEvent) -> Card:
        """The card after ``event``.

        Raises:
            IllegalTransition: e.g. unblocking a revoked card.
        """
        return replace(self, status=CARD_MACHINE.apply(self.status, event))

    def verdict_at(self, at: datetime) -> CardVerdict:
        """Whether the card may log in at ``at``; revocation and blocking win over dates."""
        require_aware(at)
        if self.status is CardStatus.REVOKED:
            return CardVerdict.REVOKED
        if self.status is CardStatus.BLOCKED:
            return CardVerdict.BLOCKED
        if at < self.issued_at:
            return CardVerdict.NOT_YET_VALID
        if at >= self.expires_at:
            return CardVerdict.EXPIRED
        return CardVerdict.USABLE
