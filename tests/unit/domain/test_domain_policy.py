"""agent_may_see: competence level, proxy, structure, card, scope."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.people import Agent, AgentRole
from kiosk.domain.policy import AccessVerdict, access_verdict, agent_may_see
from kiosk.domain.proxy import Demarche, Proxy, ProxyDuration

FP = "c3" * 32
START = datetime(2025, 3, 1, tzinfo=UTC)
MID = START + timedelta(days=10)
L1, L2, L3 = SensitivityLevel


def agent(**changes: object) -> Agent:
    base = Agent("ag-1", "Morel", "Paul", "cms-1", AgentRole.AGENT, L2, frozenset({FP}))
    return replace(base, **changes)  # type: ignore[arg-type]


def proxy(max_level: SensitivityLevel = L3) -> Proxy:
    return Proxy.draft(
        proxy_id="px-1",
        beneficiary_id="ben-1",
        agent_cert_fp=FP,
        structure_id="cms-1",
        max_level=max_level,
        scopes=frozenset({Demarche.SOCIAL, Demarche.LOGEMENT}),
        start=START,
        duration=ProxyDuration.MONTH,
        nonce="aa" * 16,
    ).sign(b"sig", START)


@pytest.mark.parametrize(
    ("who", "grant", "level", "scope", "at", "verdict"),
    [
        (agent(), proxy(), L2, Demarche.SOCIAL, MID, AccessVerdict.ALLOWED),
        (agent(), proxy(), L1, Demarche.LOGEMENT, MID, AccessVerdict.ALLOWED),
        (
            agent(role=AgentRole.HEAD_OF_SERVICE),
            proxy(),
            L2,
            Demarche.SOCIAL,
            MID,
            AccessVerdict.ALLOWED,
        ),
        (
            agent(role=AgentRole.TECHNICIAN, competence_level=L3),
            proxy(),
            L1,
            Demarche.SOCIAL,
            MID,
            AccessVerdict.ROLE_EXCLUDED,
        ),
        # the proxy reaches level 3 but the agent's competence stops at 2
        (agent(), proxy(), L3, Demarche.SOCIAL, MID, AccessVerdict.ABOVE_COMPETENCE),
        (agent(), None, L1, Demarche.SOCIAL, MID, AccessVerdict.NO_PROXY),
        (
            agent(),
            proxy(),
            L1,
            Demarche.SOCIAL,
            START - timedelta(seconds=1),
            AccessVerdict.PROXY_NOT_ACTIVE,
        ),
        (
            agent(),
            proxy(),
            L1,
            Demarche.SOCIAL,
            START + timedelta(days=31),
            AccessVerdict.PROXY_NOT_ACTIVE,
        ),
        (agent(), proxy().revoke(MID), L1, Demarche.SOCIAL, MID, AccessVerdict.PROXY_NOT_ACTIVE),
        (
            agent(structure_id="caf-1"),
            proxy(),
            L1,
            Demarche.SOCIAL,
            MID,
            AccessVerdict.OTHER_STRUCTURE,
        ),
        (
            agent(cert_fingerprints=frozenset({"d4" * 32})),
            proxy(),
            L1,
            Demarche.SOCIAL,
            MID,
            AccessVerdict.OTHER_AGENT,
        ),
        (
            agent(competence_level=L3),
            proxy(L1),
            L2,
            Demarche.SOCIAL,
            MID,
            AccessVerdict.ABOVE_PROXY_LEVEL,
        ),
        (agent(), proxy(), L1, Demarche.JUSTICE, MID, AccessVerdict.OUT_OF_SCOPE),
    ],
)
def test_access_verdicts(
    who: Agent,
    grant: Proxy | None,
    level: SensitivityLevel,
    scope: Demarche,
    at: datetime,
    verdict: AccessVerdict,
) -> None:
    assert access_verdict(who, grant, level, scope, at) is verdict
    assert agent_may_see(who, grant, level, scope, at) is (verdict is AccessVerdict.ALLOWED)


def test_an_agent_with_several_cards_is_matched_by_any() -> None:
    two_cards = agent(cert_fingerprints=frozenset({"d4" * 32, FP}))
    assert agent_may_see(two_cards, proxy(), L1, Demarche.SOCIAL, MID)


@given(
    competence=st.sampled_from(list(SensitivityLevel)),
    max_level=st.sampled_from(list(SensitivityLevel)),
    level=st.sampled_from(list(SensitivityLevel)),
    scope=st.sampled_from(list(Demarche)),
    role=st.sampled_from(list(AgentRole)),
    days=st.integers(min_value=-3, max_value=35),
)
def test_seeing_needs_both_competence_and_the_proxy(
    competence: SensitivityLevel,
    max_level: SensitivityLevel,
    level: SensitivityLevel,
    scope: Demarche,
    role: AgentRole,
    days: int,
) -> None:
    who = agent(competence_level=competence, role=role)
    grant = proxy(max_level)
    at = START + timedelta(days=days)
    sees = agent_may_see(who, grant, level, scope, at)
    expected = (
        role is not AgentRole.TECHNICIAN
        and level <= min(competence, max_level)
        and grant.allows(FP, level, scope, at)
    )
    assert sees is expected
