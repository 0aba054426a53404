"""The generic state machine and the three machines built on it."""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.aid_requests import AID_REQUEST_MACHINE, RequestEvent
from kiosk.domain.cards import CARD_MACHINE, CardEvent
from kiosk.domain.errors import UserFacingError
from kiosk.domain.proxy import PROXY_MACHINE, ProxyEvent
from kiosk.domain.statemachine import IllegalTransition, StateMachine


class Light(StrEnum):
    RED = "red"
    GREEN = "green"
    BROKEN = "broken"


class Press(StrEnum):
    GO = "go"
    STOP = "stop"
    SMASH = "smash"


def light_table() -> dict[tuple[Light, Press], Light]:
    return {
        (Light.RED, Press.GO): Light.GREEN,
        (Light.GREEN, Press.STOP): Light.RED,
        (Light.RED, Press.SMASH): Light.BROKEN,
        (Light.GREEN, Press.SMASH): Light.BROKEN,
    }


def test_apply_follows_the_table() -> None:
    machine = StateMachine("light", Light.RED, light_table())
    assert machine.apply(Light.RED, Press.GO) is Light.GREEN
    assert machine.apply(Light.GREEN, Press.STOP) is Light.RED
    assert machine.apply(Light.GREEN, Press.SMASH) is Light.BROKEN


def test_illegal_transition_carries_machine_state_and_event() -> None:
    machine = StateMachine("light", Light.RED, light_table())
    with pytest.raises(IllegalTransition) as caught:
        machine.apply(Light.RED, Press.STOP)
    assert caught.value.machine == "light"
    assert caught.value.state is Light.RED
    assert caught.value.event is Press.STOP
    assert isinstance(caught.value, UserFacingError)


def test_allowed_events_and_final_states() -> None:
    machine = StateMachine("light", Light.RED, light_table())
    assert machine.allowed_events(Light.RED) == {Press.GO, Press.SMASH}
    assert machine.allowed_events(Light.GREEN) == {Press.STOP, Press.SMASH}
    assert machine.allowed_events(Light.BROKEN) == frozenset()
    assert machine.states == set(Light)
    assert machine.final_states == {Light.BROKEN}
    assert machine.can(Light.RED, Press.GO)
    assert not machine.can(Light.BROKEN, Press.GO)


def test_table_is_copied_and_read_only() -> None:
    table = light_table()
    machine = StateMachine("light", Light.RED, table)
    table[(Light.BROKEN, Press.GO)] = Light.GREEN
    with pytest.raises(IllegalTransition):
        machine.apply(Light.BROKEN, Press.GO)
    with pytest.raises(TypeError):
        machine.transitions[(Light.BROKEN, Press.GO)] = Light.GREEN  # type: ignore[index]


MACHINES: list[tuple[StateMachine[Any, Any], type[Enum]]] = [
    (PROXY_MACHINE, ProxyEvent),
    (CARD_MACHINE, CardEvent),
    (AID_REQUEST_MACHINE, RequestEvent),
]


@pytest.mark.parametrize(("machine", "events"), MACHINES, ids=lambda m: getattr(m, "name", ""))
def test_every_event_type_is_used_and_every_state_reachable(
    machine: StateMachine[Any, Any], events: type[Enum]
) -> None:
    used = {event for _state, event in machine.transitions}
    assert used == set(events)
    reached = {machine.initial}
    frontier = [machine.initial]
    while frontier:
        state = frontier.pop()
        for event in machine.allowed_events(state):
            target = machine.apply(state, event)
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == machine.states


@given(data=st.data())
def test_random_event_sequences_stay_inside_the_table(data: st.DataObject) -> None:
    machine, events = data.draw(st.sampled_from(MACHINES))
    sequence = data.draw(st.lists(st.sampled_from(list(events)), max_size=40))
    state = machine.initial
    for event in sequence:
        allowed = machine.allowed_events(state)
        assert allowed == {e for (s, e) in machine.transitions if s == state}
        if (state, event) in machine.transitions:
            assert event in allowed
            state = machine.apply(state, event)
        else:
            assert event not in allowed
            with pytest.raises(IllegalTransition) as caught:
                machine.apply(state, event)
            assert (caught.value.machine, caught.value.state, caught.value.event) == (
                machine.name,
                state,
                event,
            )
        assert state in machine.states
