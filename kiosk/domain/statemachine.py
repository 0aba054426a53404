"""A small, pure, table-driven state machine shared by proxies, cards and aid requests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Generic, TypeVar

from kiosk.domain.errors import UserFacingError

S = TypeVar("S", bound=Enum)
E = TypeVar("E", bound=Enum)


class IllegalTransition(UserFacingError):
    """``event`` is not allowed in ``state`` (often a screen behind a change made elsewhere).

    Attributes:
        machine: name of the state machine.
        state: the state the object was in.
        event: the refused event.
    """

    def __init__(self, machine: str, state: Enum, event: Enum) -> None:
        super().__init__(f"{machine}: {event.value!s} not allowed in {state.value!s}")
        self.machine = machine
        self.state = state
        self.event = event


@dataclass(frozen=True, slots=True, eq=False)
class StateMachine(Generic[S, E]):
    """A transition table ``(state, event) -> state`` with a name and an initial state.

    Attributes:
        name: short identifier carried by :class:`IllegalTransition`.
        initial: the state new objects start in.
        transitions: the whole behaviour; anything absent is illegal.
    """

    name: str
    initial: S
    transitions: Mapping[tuple[S, E], S] = field(repr=False)

    def __post_init__(self) -> None:
        # Freeze a private copy so the table cannot change behind the machine's back.
        object.__setattr__(self, "transitions", MappingProxyType(dict(self.transitions)))

    @property
    def states(self) -> frozenset[S]:
        """Every state the table mentions, plus the initial one."""
        found = {self.initial}
        for (source, _event), target in self.transitions.items():
            found.add(source)
            found.add(target)
        return frozenset(found)

    @property
    def final_states(self) -> frozenset[S]:
        """States that no event leaves."""
        sources = {source for source, _event in self.transitions}
        return frozenset(s for s in self.states if s not in sources)

    def can(self, state: S, event: E) -> bool:
        """True if ``event`` is allowed in ``state``."""
        return (state, event) in self.transitions

    def apply(self, state: S, event: E) -> S:
        """The state after ``event``.

        Raises:
            IllegalTransition: if the table has no entry for ``(state, event)``.
        """
        try:
            return self.transitions[(state, event)]
        except KeyError:
            raise IllegalTransition(self.name, state, event) from None

    def allowed_events(self, state: S) -> frozenset[E]:
        """The events allowed in ``state`` (empty for a final state)."""
        return frozenset(event for source, event in self.transitions if source == state)
