"""The merge rules under random concurrent operations from three stations (pure, no server).

Each station acts on the request as it last saw it (its shadow), then sometimes pulls. After
every operation: the request's state is reachable through its history, every step of the
history is a legal transition of the domain's machine, the correction guard held, a rejected
operation changed nothing, and no value was overwritten by an operation that had not seen it
without a conflict record keeping it.
"""

from __future__ import annotations

import base64
import os
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kiosk.domain.aid_requests import (
    AID_REQUEST_MACHINE,
    EDITABLE_STATES,
    CorrectionReason,
    RequestEvent,
    RequestState,
)
from kiosk.sync.protocol.merge import (
    REQUEST_ANNOTATION,
    REQUEST_SUBSTANTIVE,
    Context,
    Versioned,
    merge,
)
from kiosk.sync.protocol.ops import (
    AidRequestCreate,
    AidRequestPatch,
    AidRequestTransition,
    CorrectionResolve,
    NoteAdd,
    OpStatus,
    OpType,
)
from kiosk.sync.protocol.state import ConflictReason, EntityState

STATIONS = ("a", "b", "c")
FIELDS = sorted(REQUEST_SUBSTANTIVE | REQUEST_ANNOTATION)


def _sealed() -> str:
    return base64.b64encode(os.urandom(32)).decode()


class RequestMerges(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.hlc = 1 << 20
        created = merge(
            OpType.AR_CREATE, None, AidRequestCreate(beneficiary_id="ben"), self._ctx("a", 0)
        )
        assert created.state is not None
        self.server = Versioned(1, created.state)
        self.shadows = dict.fromkeys(STATIONS, self.server)
        self.ops = 0

    def _ctx(self, station: str, base_version: int) -> Context:
        self.hlc += 1
        return Context(station, self.hlc, f"op{self.hlc}", base_version)

    def _apply(self, station: str, op_type: OpType, payload: Any) -> None:
        before = self.server
        shadow = self.shadows[station]
        outcome = merge(op_type, before, payload, self._ctx(station, shadow.version))
        assert outcome.status in (OpStatus.APPLIED, OpStatus.MERGED, OpStatus.REJECTED)
        if outcome.status is OpStatus.REJECTED:
            assert outcome.state is None and not outcome.conflicts
        if isinstance(payload, AidRequestPatch):
            self._check_patch(station, before, payload, outcome.state, outcome.conflicts)
        if outcome.state is not None:
            self.server = Versioned(before.version + 1, outcome.state)
        self.ops += 1

    def _check_patch(
        self,
        station: str,
        before: Versioned,
        patch: AidRequestPatch,
        after: EntityState | None,
        conflicts: tuple[Any, ...],
    ) -> None:
        kept = {(c.field, c.loser.value) for c in conflicts}
        kept |= {(c.field, c.winner.value) for c in conflicts if c.winner is not None}
        state = RequestState(str(before.state.meta["state"]))
        for name, old in before.state.fields.items():
            new = old if after is None else after.fields.get(name)
            overwritten = new is not None and new.value != old.value
            unseen = patch.field_versions.get(name, 0) != old.version and old.station != station
            if overwritten and unseen:
                assert (name, old.value) in kept, f"{name} lost without a conflict"
            if overwritten and name in REQUEST_SUBSTANTIVE:
                assert state in EDITABLE_STATES, "substantive field changed after filing"
        if after is not None:
            for name, value in after.amendments.items():
                if name not in before.state.amendments or before.state.amendments[name] != value:
                    assert any(c.reason is ConflictReason.AMENDMENT_PROPOSED for c in conflicts)

    @rule(
        station=st.sampled_from(STATIONS),
        event=st.sampled_from(list(RequestEvent)),
        reason=st.none() | st.sampled_from(list(CorrectionReason)),
    )
    def transition(
        self, station: str, event: RequestEvent, reason: CorrectionReason | None
    ) -> None:
        seen = RequestState(str(self.shadows[station].state.meta["state"]))
        if event is RequestEvent.DEMANDER_CORRECTION and reason is None:
            reason = CorrectionReason.INCOMPLETE
        if event is not RequestEvent.DEMANDER_CORRECTION:
            reason = None
        payload = AidRequestTransition(event=event, from_state=seen, reason=reason)
        self._apply(station, OpType.AR_TRANSITION, payload)

    @rule(
        station=st.sampled_from(STATIONS),
        names=st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3, unique=True),
    )
    def patch(self, station: str, names: list[str]) -> None:
        shadow = self.shadows[station].state.fields
        seen = {name: shadow[name].version for name in names if name in shadow}
        payload = AidRequestPatch(fields={n: _sealed() for n in names}, field_versions=seen)
        self._apply(station, OpType.AR_PATCH, payload)

    @rule(station=st.sampled_from(STATIONS))
    def note(self, station: str) -> None:
        self._apply(station, OpType.AR_NOTE_ADD, NoteAdd(note_id=f"n{self.hlc}", body=_sealed()))

    @rule(station=st.sampled_from(STATIONS))
    def resolve(self, station: str) -> None:
        self._apply(station, OpType.AR_CORRECTION_RESOLVE, CorrectionResolve())

    @rule(station=st.sampled_from(STATIONS))
    def pull(self, station: str) -> None:
        self.shadows[station] = self.server

    @invariant()
    def the_state_machine_holds(self) -> None:
        meta = self.server.state.meta
        history, corrections = meta["history"], meta["corrections"]
        assert isinstance(history, list) and isinstance(corrections, list)
        asked = [c for c in corrections if isinstance(c, dict)]
        current = AID_REQUEST_MACHINE.initial
        for step in history:
            assert isinstance(step, dict)
            source, target = RequestState(str(step["source"])), RequestState(str(step["target"]))
            event = RequestEvent(str(step["event"]))
            assert source is current
            assert AID_REQUEST_MACHINE.apply(source, event) is target
            if event is RequestEvent.PASSER_EN_INSTRUCTION:  # the correction guard
                at = int(str(step["hlc"]))
                for correction in asked:
                    if int(str(correction["hlc"])) < at:
                        resolved = correction["resolved_hlc"]
                        assert resolved is not None and int(str(resolved)) < at
            current = target
        assert meta["state"] == current.value
        assert isinstance(meta["state_version"], int)
        assert meta["state_version"] <= self.server.version
        demanded = [
            s
            for s in history
            if isinstance(s, dict) and s["event"] == RequestEvent.DEMANDER_CORRECTION.value
        ]
        assert len(asked) == len(demanded)
        pending = bool(asked) and asked[-1]["resolved_hlc"] is None
        assert meta["correction_pending"] is pending


RequestMerges.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
test_request_merges = RequestMerges.TestCase
