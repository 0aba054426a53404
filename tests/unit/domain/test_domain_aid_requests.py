"""The aid request lifecycle (Démarches Simplifiées states, plus correction requests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.aid_requests import (
    AID_REQUEST_MACHINE,
    AidRequest,
    CorrectionReason,
    RequestEvent,
    RequestProblem,
    RequestRefused,
    RequestState,
)
from kiosk.domain.statemachine import IllegalTransition

S, E = RequestState, RequestEvent
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

# The lifecycle written out independently of the module, from design/ANCHORS.md section 3.
EXPECTED_TABLE = {
    (S.BROUILLON, E.PASSER_EN_CONSTRUCTION): S.EN_CONSTRUCTION,
    (S.EN_CONSTRUCTION, E.PASSER_EN_INSTRUCTION): S.EN_INSTRUCTION,
    (S.EN_INSTRUCTION, E.REPASSER_EN_CONSTRUCTION): S.EN_CONSTRUCTION,
    (S.EN_INSTRUCTION, E.DEMANDER_CORRECTION): S.EN_CONSTRUCTION,
    (S.EN_INSTRUCTION, E.ACCEPTER): S.ACCEPTE,
    (S.EN_INSTRUCTION, E.REFUSER): S.REFUSE,
    (S.EN_INSTRUCTION, E.CLASSER_SANS_SUITE): S.SANS_SUITE,
    (S.ACCEPTE, E.REPASSER_EN_INSTRUCTION): S.EN_INSTRUCTION,
    (S.REFUSE, E.REPASSER_EN_INSTRUCTION): S.EN_INSTRUCTION,
    (S.SANS_SUITE, E.REPASSER_EN_INSTRUCTION): S.EN_INSTRUCTION,
}

ILLEGAL = [(s, e) for s in S for e in E if (s, e) not in EXPECTED_TABLE]


def new() -> AidRequest:
    return AidRequest("req-1", "ben-1", "rsa", T0)


def at_state(state: RequestState) -> AidRequest:
    """A request brought to ``state`` through legal events only."""
    path = {
        S.BROUILLON: [],
        S.EN_CONSTRUCTION: [E.PASSER_EN_CONSTRUCTION],
        S.EN_INSTRUCTION: [E.PASSER_EN_CONSTRUCTION, E.PASSER_EN_INSTRUCTION],
        S.ACCEPTE: [E.PASSER_EN_CONSTRUCTION, E.PASSER_EN_INSTRUCTION, E.ACCEPTER],
        S.REFUSE: [E.PASSER_EN_CONSTRUCTION, E.PASSER_EN_INSTRUCTION, E.REFUSER],
        S.SANS_SUITE: [E.PASSER_EN_CONSTRUCTION, E.PASSER_EN_INSTRUCTION, E.CLASSER_SANS_SUITE],
    }[state]
    request = new()
    for step, event in enumerate(path):
        request = request.apply(event, T0 + timedelta(hours=step), "ag-1")
    assert request.state is state
    return request


def test_table_is_the_documented_lifecycle() -> None:
    assert dict(AID_REQUEST_MACHINE.transitions) == EXPECTED_TABLE
    assert AID_REQUEST_MACHINE.initial is S.BROUILLON
    assert AID_REQUEST_MACHINE.final_states == frozenset()  # decisions can be reopened


@pytest.mark.parametrize(("source", "event"), list(EXPECTED_TABLE))
def test_every_legal_transition(source: RequestState, event: RequestEvent) -> None:
    request = at_state(source)
    reason = CorrectionReason.INCOMPLETE if event is E.DEMANDER_CORRECTION else None
    after = request.apply(event, T0 + timedelta(days=1), "instr-1", reason)
    assert after.state is EXPECTED_TABLE[(source, event)]
    last = after.history[-1]
    assert (last.event, last.source, last.target, last.actor) == (
        event,
        source,
        after.state,
        "instr-1",
    )


@pytest.mark.parametrize(("source", "event"), ILLEGAL)
def test_every_illegal_transition(source: RequestState, event: RequestEvent) -> None:
    request = at_state(source)
    reason = CorrectionReason.INCORRECT if event is E.DEMANDER_CORRECTION else None
    with pytest.raises(IllegalTransition) as caught:
        request.apply(event, T0 + timedelta(days=1), "instr-1", reason)
    assert (caught.value.machine, caught.value.state, caught.value.event) == (
        "aid_request",
        source,
        event,
    )


@pytest.mark.parametrize("state", list(S))
def test_editing_only_in_brouillon_and_en_construction(state: RequestState) -> None:
    request = at_state(state)
    editable = state in {S.BROUILLON, S.EN_CONSTRUCTION}
    assert request.editable is editable
    if editable:
        request.ensure_editable()
    else:
        with pytest.raises(RequestRefused) as caught:
            request.ensure_editable()
        assert (caught.value.problem, caught.value.state) == (RequestProblem.NOT_EDITABLE, state)
    assert request.messaging_open is (state is not S.BROUILLON)


def test_correction_round_trip() -> None:
    request = at_state(S.EN_INSTRUCTION)
    later = T0 + timedelta(days=2)
    asked = request.apply(E.DEMANDER_CORRECTION, later, "instr-1", CorrectionReason.OUTDATED)
    assert asked.state is S.EN_CONSTRUCTION
    assert asked.editable
    pending = asked.pending_correction
    assert pending is not None
    assert (pending.reason, pending.requested_at, pending.requested_by) == (
        CorrectionReason.OUTDATED,
        later,
        "instr-1",
    )
    assert E.PASSER_EN_INSTRUCTION not in asked.allowed_events()
    with pytest.raises(RequestRefused) as caught:
        asked.apply(E.PASSER_EN_INSTRUCTION, later, "instr-1")
    assert caught.value.problem is RequestProblem.CORRECTION_PENDING

    fixed = asked.resolve_correction(later + timedelta(hours=1), "ben-1")
    assert fixed.pending_correction is None
    assert fixed.corrections[-1].resolved_by == "ben-1"
    assert E.PASSER_EN_INSTRUCTION in fixed.allowed_events()
    back = fixed.apply(E.PASSER_EN_INSTRUCTION, later + timedelta(hours=2), "instr-1")
    assert back.state is S.EN_INSTRUCTION
    assert len(back.corrections) == 1


def test_correction_needs_a_reason_and_other_events_refuse_one() -> None:
    request = at_state(S.EN_INSTRUCTION)
    with pytest.raises(RequestRefused) as caught:
        request.apply(E.DEMANDER_CORRECTION, T0, "instr-1")
    assert caught.value.problem is RequestProblem.REASON_REQUIRED
    with pytest.raises(RequestRefused) as caught:
        request.apply(E.ACCEPTER, T0, "instr-1", CorrectionReason.INCORRECT)
    assert caught.value.problem is RequestProblem.REASON_UNEXPECTED


def test_resolving_without_a_pending_correction_is_refused() -> None:
    with pytest.raises(RequestRefused) as caught:
        at_state(S.EN_CONSTRUCTION).resolve_correction(T0, "ben-1")
    assert caught.value.problem is RequestProblem.NO_PENDING_CORRECTION


# Hypothesis: any sequence of actions, legal or not.
Action = RequestEvent | str  # "resolve" for resolve_correction
ACTIONS: list[Action] = [*RequestEvent, "resolve"]


@given(
    actions=st.lists(st.sampled_from(ACTIONS), max_size=40),
    reasons=st.lists(st.sampled_from(list(CorrectionReason)), min_size=40, max_size=40),
)
def test_random_sequences_keep_the_invariants(
    actions: list[Action], reasons: list[CorrectionReason]
) -> None:
    request = new()
    applied = 0
    for step, action in enumerate(actions):
        at = T0 + timedelta(minutes=step)
        before = request
        if action == "resolve":
            try:
                request = request.resolve_correction(at, "ben-1")
            except RequestRefused as error:
                assert error.problem is RequestProblem.NO_PENDING_CORRECTION
                assert before.pending_correction is None
            continue
        assert isinstance(action, RequestEvent)
        reason = reasons[step] if action is E.DEMANDER_CORRECTION else None
        legal = action in request.allowed_events()
        try:
            request = request.apply(action, at, "actor", reason)
        except IllegalTransition as error:
            assert not legal
            assert (error.machine, error.state, error.event) == (
                "aid_request",
                before.state,
                action,
            )
        except RequestRefused as error:
            assert not legal
            assert error.problem is RequestProblem.CORRECTION_PENDING
        else:
            assert legal
            applied += 1
            assert request.state is EXPECTED_TABLE[(before.state, action)]
        assert request.state in AID_REQUEST_MACHINE.states
        if request.pending_correction is not None:
            assert request.state is S.EN_CONSTRUCTION
    assert len(request.history) == applied
    for earlier, later in zip(request.history, request.history[1:], strict=False):
        assert earlier.target is later.source
    assert sum(r.event is E.DEMANDER_CORRECTION for r in request.history) == len(
        request.corrections
    )
