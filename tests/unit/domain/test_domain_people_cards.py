"""Beneficiaries, agents and cards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.domain.cards import Card, CardEvent, CardStatus, CardVerdict, HolderKind
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.people import (
    Agent,
    AgentRole,
    Beneficiary,
    InvalidRecord,
    Parcours,
    Proche,
    Relation,
)
from kiosk.domain.statemachine import IllegalTransition

ISSUED = datetime(2025, 1, 1, tzinfo=UTC)
EXPIRES = datetime(2030, 1, 1, tzinfo=UTC)


def card(status: CardStatus = CardStatus.ACTIVE) -> Card:
    guid = bytes(range(16))
    return Card("000YSZ", guid, HolderKind.BENEFICIARY, "ben-1", status, ISSUED, EXPIRES)


def test_levels_are_ordered_and_numbered() -> None:
    assert [int(level) for level in SensitivityLevel] == [1, 2, 3]
    assert SensitivityLevel.ADMINISTRATIVE < SensitivityLevel.HEALTH_JUSTICE


def test_beneficiary_with_relatives() -> None:
    child = Proche(Relation.CHILD, "Durand", "Léa", date(2015, 4, 2))
    ben = Beneficiary(
        "ben-1", "Durand", "Sophie", date(1985, 9, 12), Parcours.IN_TRANSITION, (child,), "000YSZ"
    )
    assert ben.relatives[0].relation.value == "enfant"
    assert ben.parcours.value == "en_transition"
    assert {p.value for p in Parcours} == {"autonome", "en_transition", "accompagne"}
    assert {r.value for r in Relation} == {"conjoint", "enfant", "parent", "autre"}


def test_beneficiary_refuses_unnormalised_card_number() -> None:
    with pytest.raises(InvalidRecord) as caught:
        Beneficiary("ben-1", "Durand", "Sophie", date(1985, 9, 12), card_number="000 ysz")
    assert (caught.value.record, caught.value.attribute) == ("Beneficiary", "card_number")


def test_agent_refuses_malformed_fingerprint() -> None:
    with pytest.raises(InvalidRecord):
        Agent(
            "ag-1",
            "Morel",
            "Paul",
            "cms-1",
            AgentRole.AGENT,
            SensitivityLevel.SOCIAL_FINANCIAL,
            frozenset({"AB" * 32}),
        )


def test_card_refuses_bad_guid_and_period() -> None:
    with pytest.raises(InvalidRecord) as caught:
        Card("000YSZ", b"short", HolderKind.AGENT, "ag-1", CardStatus.ACTIVE, ISSUED, EXPIRES)
    assert caught.value.attribute == "guid"
    with pytest.raises(InvalidRecord) as caught:
        Card("000YSZ", bytes(16), HolderKind.AGENT, "ag-1", CardStatus.ACTIVE, EXPIRES, ISSUED)
    assert caught.value.attribute == "expires_at"


@pytest.mark.parametrize(
    ("at", "verdict"),
    [
        (ISSUED - timedelta(seconds=1), CardVerdict.NOT_YET_VALID),
        (ISSUED, CardVerdict.USABLE),
        (EXPIRES - timedelta(microseconds=1), CardVerdict.USABLE),
        (EXPIRES, CardVerdict.EXPIRED),
    ],
)
def test_card_validity_period(at: datetime, verdict: CardVerdict) -> None:
    assert card().verdict_at(at) is verdict


def test_card_block_unblock_revoke() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    blocked = card().apply(CardEvent.BLOCK)
    assert blocked.verdict_at(now) is CardVerdict.BLOCKED
    assert blocked.apply(CardEvent.UNBLOCK).verdict_at(now) is CardVerdict.USABLE
    revoked = blocked.apply(CardEvent.REVOKE)
    assert revoked.verdict_at(now) is CardVerdict.REVOKED
    assert revoked.verdict_at(EXPIRES + timedelta(days=1)) is CardVerdict.REVOKED
    with pytest.raises(IllegalTransition) as caught:
        revoked.apply(CardEvent.UNBLOCK)
    assert (caught.value.state, caught.value.event) == (CardStatus.REVOKED, CardEvent.UNBLOCK)
    with pytest.raises(IllegalTransition):
        card().apply(CardEvent.UNBLOCK)
