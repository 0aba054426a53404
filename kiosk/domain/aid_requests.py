"""Aid requests (RSA, prime d'activité, aides au logement...): the Démarches Simplifiées lifecycle.

The behaviour is the :data:`AID_REQUEST_MACHINE` table plus one guard: a request waiting for
a correction cannot go back into instruction until the correction is marked done.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from kiosk.domain.errors import UserFacingError
from kiosk.domain.primitives import require_aware
from kiosk.domain.statemachine import StateMachine


class RequestState(StrEnum):
    """Where a request is (DS dossier states)."""

    BROUILLON = "brouillon"
    EN_CONSTRUCTION = "en_construction"
    EN_INSTRUCTION = "en_instruction"
    ACCEPTE = "accepte"
    REFUSE = "refuse"
    SANS_SUITE = "sans_suite"


class RequestEvent(StrEnum):
    """What moves a request (DS transitions, plus the correction request)."""

    PASSER_EN_CONSTRUCTION = "passer_en_construction"
    PASSER_EN_INSTRUCTION = "passer_en_instruction"
    REPASSER_EN_CONSTRUCTION = "repasser_en_construction"
    ACCEPTER = "accepter"
    REFUSER = "refuser"
    CLASSER_SANS_SUITE = "classer_sans_suite"
    REPASSER_EN_INSTRUCTION = "repasser_en_instruction"
    DEMANDER_CORRECTION = "demander_correction"


class CorrectionReason(StrEnum):
    """Why the instructor asks for a correction (DS ``DossierCorrection`` reasons)."""

    INCORRECT = "incorrect"
    INCOMPLETE = "incomplete"
    OUTDATED = "outdated"


_S = RequestState
_E = RequestEvent

AID_REQUEST_MACHINE: StateMachine[RequestState, RequestEvent] = StateMachine(
    name="aid_request",
    initial=_S.BROUILLON,
    transitions={
        (_S.BROUILLON, _E.PASSER_EN_CONSTRUCTION): _S.EN_CONSTRUCTION,
        (_S.EN_CONSTRUCTION, _E.PASSER_EN_INSTRUCTION): _S.EN_INSTRUCTION,
        (_S.EN_INSTRUCTION, _E.REPASSER_EN_CONSTRUCTION): _S.EN_CONSTRUCTION,
        (_S.EN_INSTRUCTION, _E.DEMANDER_CORRECTION): _S.EN_CONSTRUCTION,
        (_S.EN_INSTRUCTION, _E.ACCEPTER): _S.ACCEPTE,
        (_S.EN_INSTRUCTION, _E.REFUSER): _S.REFUSE,
        (_S.EN_INSTRUCTION, _E.CLASSER_SANS_SUITE): _S.SANS_SUITE,
        (_S.ACCEPTE, _E.REPASSER_EN_INSTRUCTION): _S.EN_INSTRUCTION,
        (_S.REFUSE, _E.REPASSER_EN_INSTRUCTION): _S.EN_INSTRUCTION,
        (_S.SANS_SUITE, _E.REPASSER_EN_INSTRUCTION): _S.EN_INSTRUCTION,
    },
)

# The beneficiary (or an agent for them) may edit or delete only in these states.
EDITABLE_STATES = frozenset({_S.BROUILLON, _S.EN_CONSTRUCTION})
DECIDED_STATES = frozenset({_S.ACCEPTE, _S.REFUSE, _S.SANS_SUITE})


class RequestProblem(StrEnum):
    """Why an action on a request was refused (beyond an illegal transition)."""

    NOT_EDITABLE = "not_editable"
    CORRECTION_PENDING = "correction_pending"
    NO_PENDING_CORRECTION = "no_pending_correction"
    REASON_REQUIRED = "reason_required"
    REASON_UNEXPECTED = "reason_unexpected"


class RequestRefused(UserFacingError):
    """An action on a request is not possible now.

    Attributes:
        request_id: the request.
        problem: why.
        state: the request's state at the time.
    """

    def __init__(self, request_id: str, problem: RequestProblem, state: RequestState) -> None:
        super().__init__(f"aid request {request_id}: {problem.value} in {state.value}")
        self.request_id = request_id
        self.problem = problem
        self.state = state


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction asked by the instructor.

    Attributes:
        reason: why.
        requested_at: when.
        requested_by: actor id of the instructor.
        resolved_at: when the beneficiary's side marked it done, or None.
        resolved_by: who did.
    """

    reason: CorrectionReason
    requested_at: datetime
    requested_by: str
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @property
    def pending(self) -> bool:
        """True until resolved."""
        return self.resolved_at is None


@dataclass(frozen=True, slots=True)
class TransitionRecord:
    """One step in a request's history."""

    event: RequestEvent
    source: RequestState
    target: RequestState
    at: datetime
    actor: str


@dataclass(frozen=True, slots=True)
class AidRequest:
    """A request for one aid by one beneficiary.

    Attributes:
        id: random identifier.
        beneficiary_id: who asks.
        aid: the aid's code in the catalogue (e.g. ``"rsa"``).
        created_at: creation instant (aware).
        state: current state.
        proxy_id: the proxy an agent used to act, if any.
        history: every transition, oldest first.
        corrections: every correction asked, oldest first.
    """

    id: str
    beneficiary_id: str
    aid: str
    created_at: datetime
    state: RequestState = RequestState.BROUILLON
    proxy_id: str | None = None
    history: tuple[TransitionRecord, ...] = ()
    corrections: tuple[Correction, ...] = ()

    def __post_init__(self) -> None:
        require_aware(self.created_at)

    @property
    def editable(self) -> bool:
        """True if its content may be changed or the request deleted."""
        return self.state in EDITABLE_STATES

    @property
    def messaging_open(self) -> bool:
        """True once filed: messages open when it is no longer a draft."""
        return self.state is not RequestState.BROUILLON

    @property
    def pending_correction(self) -> Correction | None:
        """The correction waiting to be done, if any."""
        if self.corrections and self.corrections[-1].pending:
            return self.corrections[-1]
        return None

    def ensure_editable(self) -> None:
        """Raises RequestRefused(NOT_EDITABLE) unless the request may be edited."""
        if not self.editable:
            raise RequestRefused(self.id, RequestProblem.NOT_EDITABLE, self.state)

    def allowed_events(self) -> frozenset[RequestEvent]:
        """The events :meth:`apply` would accept now (guard included)."""
        events = AID_REQUEST_MACHINE.allowed_events(self.state)
        if self.pending_correction is not None:
            events -= {RequestEvent.PASSER_EN_INSTRUCTION}
        return events

    def apply(
        self,
        event: RequestEvent,
        at: datetime,
        actor: str,
        reason: CorrectionReason | None = None,
    ) -> AidRequest:
        """The request after ``event`` by ``actor`` at ``at``.

        Args:
            event: the transition.
            at: when (aware).
            actor: who (beneficiary, agent or instructor id).
            reason: required for DEMANDER_CORRECTION, refused otherwise.

        Raises:
            IllegalTransition: if the table does not allow ``event`` now.
            RequestRefused: for a missing or unexpected reason, or a pending correction.
        """
        require_aware(at)
        target = AID_REQUEST_MACHINE.apply(self.state, event)
        asks_correction = event is RequestEvent.DEMANDER_CORRECTION
        if asks_correction and reason is None:
            raise RequestRefused(self.id, RequestProblem.REASON_REQUIRED, self.state)
        if not asks_correction and reason is not None:
            raise RequestRefused(self.id, RequestProblem.REASON_UNEXPECTED, self.state)
        if event is RequestEvent.PASSER_EN_INSTRUCTION and self.pending_correction is not None:
            raise RequestRefused(self.id, RequestProblem.CORRECTION_PENDING, self.state)
        corrections = self.corrections
        if reason is not None:
            corrections = (*corrections, Correction(reason, at, actor))
        record = TransitionRecord(event, self.state, target, at, actor)
        return replace(self, state=target, history=(*self.history, record), corrections=corrections)

    def resolve_correction(self, at: datetime, actor: str) -> AidRequest:
        """The request with its pending correction marked done.

        Raises:
            RequestRefused: NO_PENDING_CORRECTION if there is none.
        """
        pending = self.pending_correction
        if pending is None:
            raise RequestRefused(self.id, RequestProblem.NO_PENDING_CORRECTION, self.state)
        done = replace(pending, resolved_at=require_aware(at), resolved_by=actor)
        return replace(self, corrections=(*self.corrections[:-1], done))
