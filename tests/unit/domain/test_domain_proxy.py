"""Proxies: payload, lifecycle, status over time, allows()."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.primitives import NaiveDatetimeError
from kiosk.domain.proxy import (
    PROXY_MACHINE,
    Demarche,
    InvalidProxy,
    Proxy,
    ProxyDuration,
    ProxyEvent,
    ProxyProblem,
    ProxyState,
    ProxyStatus,
)
from kiosk.domain.statemachine import IllegalTransition

AGENT_FP = "a1" * 32
OTHER_FP = "b2" * 32
NONCE = "0f" * 16
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
END = START + timedelta(days=31)
SIGNED_AT = START - timedelta(minutes=5)


def draft(**changes: object) -> Proxy:
    proxy = Proxy.draft(
        proxy_id="px-1",
        beneficiary_id="ben-1",
        agent_cert_fp=AGENT_FP,
        structure_id="cms-1",
        max_level=SensitivityLevel.SOCIAL_FINANCIAL,
        scopes=frozenset({Demarche.SOCIAL, Demarche.LOGEMENT, Demarche.ARGENT}),
        start=START,
        duration=ProxyDuration.MONTH,
        nonce=NONCE,
    )
    return replace(proxy, **changes)  # type: ignore[arg-type]


def signed() -> Proxy:
    return draft().sign(b"sig", SIGNED_AT)


EXPECTED_PAYLOAD = (
    b'{"agent_cert_fp":"' + AGENT_FP.encode() + b'","ben":"ben-1","max_level":2,'
    b'"naf":"2025-04-01T09:00:00.000000+00:00","nbf":"2025-03-01T09:00:00.000000+00:00",'
    b'"nonce":"' + NONCE.encode() + b'","proxy_id":"px-1","scope":["argent","logement","social"]}'
)


def test_signing_payload_is_the_documented_canonical_json() -> None:
    assert draft().signing_payload() == EXPECTED_PAYLOAD
    assert json.loads(EXPECTED_PAYLOAD)["scope"] == ["argent", "logement", "social"]


def test_payload_does_not_depend_on_the_time_zone_given_or_the_state() -> None:
    paris = timezone(timedelta(hours=1))
    local = draft(not_before=START.astimezone(paris), not_after=END.astimezone(paris))
    assert local.signing_payload() == EXPECTED_PAYLOAD
    assert signed().signing_payload() == EXPECTED_PAYLOAD
    assert signed().revoke(START).signing_payload() == EXPECTED_PAYLOAD


def test_payload_changes_with_each_signed_field() -> None:
    variants = [
        draft(id="px-2"),
        draft(beneficiary_id="ben-2"),
        draft(agent_cert_fp=OTHER_FP),
        draft(max_level=SensitivityLevel.HEALTH_JUSTICE),
        draft(scopes=frozenset({Demarche.SOCIAL})),
        draft(not_before=START + timedelta(seconds=1)),
        draft(not_after=END - timedelta(seconds=1)),
        draft(nonce="1f" * 16),
    ]
    payloads = {v.signing_payload() for v in variants}
    assert len(payloads) == len(variants)
    assert EXPECTED_PAYLOAD not in payloads


_SCRIPT = """
import sys
from datetime import UTC, datetime
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.proxy import Demarche, Proxy, ProxyDuration
p = Proxy.draft(proxy_id="px-1", beneficiary_id="ben-1", agent_cert_fp="a1" * 32,
    structure_id="cms-1", max_level=SensitivityLevel.SOCIAL_FINANCIAL,
    scopes=frozenset(Demarche), start=datetime(2025, 3, 1, 9, tzinfo=UTC),
    duration=ProxyDuration.MONTH, nonce="0f" * 16)
sys.stdout.buffer.write(p.signing_payload())
"""


def test_payload_is_stable_across_interpreter_runs() -> None:
    """frozenset order depends on the hash seed; the payload must not."""
    outputs = set()
    for seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    scope = json.loads(outputs.pop())["scope"]
    assert scope == sorted(d.value for d in Demarche)


def test_durations_are_the_aidants_connect_ones() -> None:
    assert {d.name: int(d) for d in ProxyDuration} == {
        "SHORT": 1,
        "MONTH": 31,
        "SEMESTER": 182,
        "LONG": 365,
    }
    for duration in ProxyDuration:
        proxy = replace(draft(), not_after=START + duration.delta)
        assert proxy.not_after - proxy.not_before == timedelta(days=int(duration))


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"scopes": frozenset()}, ProxyProblem.EMPTY_SCOPE),
        ({"not_after": START}, ProxyProblem.BAD_PERIOD),
        ({"not_after": START + timedelta(days=365, seconds=1)}, ProxyProblem.TOO_LONG),
        ({"agent_cert_fp": AGENT_FP.upper()}, ProxyProblem.BAD_FINGERPRINT),
        ({"agent_cert_fp": "a1" * 20}, ProxyProblem.BAD_FINGERPRINT),
        ({"nonce": "0f" * 15}, ProxyProblem.BAD_NONCE),
        ({"nonce": "xyz" * 20}, ProxyProblem.BAD_NONCE),
        ({"state": ProxyState.SIGNED}, ProxyProblem.MISSING_SIGNATURE),
        ({"revoked_at": START}, ProxyProblem.REVOCATION_MISMATCH),
    ],
)
def test_malformed_proxies_are_refused(changes: dict[str, object], problem: ProxyProblem) -> None:
    with pytest.raises(InvalidProxy) as caught:
        draft(**changes)
    assert caught.value.problem is problem


def test_longest_duration_is_accepted() -> None:
    assert draft(not_after=START + ProxyDuration.LONG.delta).not_after == START + timedelta(365)


def test_naive_dates_are_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        draft(not_before=START.replace(tzinfo=None))
    with pytest.raises(NaiveDatetimeError):
        signed().status_at(START.replace(tzinfo=None))


def test_lifecycle_draft_signed_revoked() -> None:
    proxy = draft()
    assert proxy.state is ProxyState.DRAFT
    assert proxy.status_at(START + timedelta(days=1)) is ProxyStatus.DRAFT
    done = proxy.sign(b"sig", SIGNED_AT)
    assert (done.state, done.signature, done.signed_at) == (ProxyState.SIGNED, b"sig", SIGNED_AT)
    revoked = done.revoke(START + timedelta(days=2))
    assert revoked.state is ProxyState.REVOKED
    assert proxy.state is ProxyState.DRAFT  # immutable


@pytest.mark.parametrize(
    ("make", "event", "state"),
    [
        (signed, ProxyEvent.SIGN, ProxyState.SIGNED),
        (draft, ProxyEvent.REVOKE, ProxyState.DRAFT),
        (lambda: signed().revoke(START), ProxyEvent.REVOKE, ProxyState.REVOKED),
        (lambda: signed().revoke(START), ProxyEvent.SIGN, ProxyState.REVOKED),
    ],
)
def test_illegal_proxy_transitions(
    make: Callable[[], Proxy], event: ProxyEvent, state: ProxyState
) -> None:
    proxy = make()
    with pytest.raises(IllegalTransition) as caught:
        if event is ProxyEvent.SIGN:
            proxy.sign(b"again", START)
        else:
            proxy.revoke(START)
    assert (caught.value.machine, caught.value.state, caught.value.event) == (
        "proxy",
        state,
        event,
    )


@pytest.mark.parametrize(
    ("at", "status"),
    [
        (START - timedelta(microseconds=1), ProxyStatus.NOT_YET_VALID),
        (START, ProxyStatus.ACTIVE),
        (END - timedelta(microseconds=1), ProxyStatus.ACTIVE),
        (END, ProxyStatus.EXPIRED),
        (END + timedelta(days=400), ProxyStatus.EXPIRED),
    ],
)
def test_status_over_time(at: datetime, status: ProxyStatus) -> None:
    assert signed().status_at(at) is status


def test_revocation_counts_from_its_instant() -> None:
    revoked_at = START + timedelta(days=10)
    proxy = signed().revoke(revoked_at)
    assert proxy.status_at(revoked_at - timedelta(microseconds=1)) is ProxyStatus.ACTIVE
    assert proxy.status_at(revoked_at) is ProxyStatus.REVOKED
    assert proxy.status_at(END + timedelta(days=1)) is ProxyStatus.REVOKED
    assert proxy.status_at(START - timedelta(days=1)) is ProxyStatus.NOT_YET_VALID


MID = START + timedelta(days=3)


@pytest.mark.parametrize(
    ("agent_fp", "level", "scope", "at", "allowed"),
    [
        (AGENT_FP, SensitivityLevel.ADMINISTRATIVE, Demarche.SOCIAL, MID, True),
        (AGENT_FP, SensitivityLevel.SOCIAL_FINANCIAL, Demarche.LOGEMENT, MID, True),
        (AGENT_FP.upper(), SensitivityLevel.SOCIAL_FINANCIAL, Demarche.ARGENT, MID, True),
        (AGENT_FP, SensitivityLevel.HEALTH_JUSTICE, Demarche.SOCIAL, MID, False),
        (AGENT_FP, SensitivityLevel.ADMINISTRATIVE, Demarche.JUSTICE, MID, False),
        (OTHER_FP, SensitivityLevel.ADMINISTRATIVE, Demarche.SOCIAL, MID, False),
        (AGENT_FP, SensitivityLevel.ADMINISTRATIVE, Demarche.SOCIAL, END, False),
        (AGENT_FP, SensitivityLevel.ADMINISTRATIVE, Demarche.SOCIAL, START, True),
    ],
)
def test_allows_by_agent_level_scope_and_time(
    agent_fp: str, level: SensitivityLevel, scope: Demarche, at: datetime, allowed: bool
) -> None:
    assert signed().allows(agent_fp, level, scope, at) is allowed


def test_drafts_and_revoked_proxies_allow_nothing() -> None:
    args = (AGENT_FP, SensitivityLevel.ADMINISTRATIVE, Demarche.SOCIAL, MID)
    assert not draft().allows(*args)
    assert not signed().revoke(START + timedelta(days=1)).allows(*args)
    assert signed().revoke(MID + timedelta(days=1)).allows(*args)


@given(
    events=st.lists(st.sampled_from(list(ProxyEvent)), max_size=6),
    offset=st.integers(min_value=-5, max_value=40),
)
def test_random_lifecycles_match_the_machine(events: list[ProxyEvent], offset: int) -> None:
    proxy = draft()
    state = PROXY_MACHINE.initial
    for event in events:
        expected = PROXY_MACHINE.apply(state, event) if PROXY_MACHINE.can(state, event) else None
        try:
            proxy = proxy.sign(b"s", SIGNED_AT) if event is ProxyEvent.SIGN else proxy.revoke(MID)
        except IllegalTransition as error:
            assert expected is None
            assert (error.state, error.event) == (state, event)
        else:
            assert proxy.state is expected
            state = proxy.state
    at = START + timedelta(days=offset)
    status = proxy.status_at(at)
    if proxy.state is ProxyState.DRAFT:
        assert status is ProxyStatus.DRAFT
    if status is ProxyStatus.ACTIVE:
        assert proxy.state is not ProxyState.DRAFT
        assert START <= at < END
