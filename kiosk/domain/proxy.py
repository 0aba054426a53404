"""The digital proxy (procuration): a beneficiary lets an agent's card act for them.

Modelled on Aidants Connect mandates: one structure, a set of démarches, a fixed duration.
The beneficiary's card signs :meth:`Proxy.signing_payload`; checking that signature and the
agent's certificate is crypto work done outside the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from kiosk.domain.canonical import canonical_json
from kiosk.domain.errors import KioskError
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.primitives import is_hex, is_sha256_hex, require_aware, utc_iso
from kiosk.domain.statemachine import StateMachine

NONCE_MIN_BYTES = 16


class Demarche(StrEnum):
    """The areas a proxy can cover (Aidants Connect démarches)."""

    PAPIERS = "papiers"
    FAMILLE = "famille"
    SOCIAL = "social"
    TRAVAIL = "travail"
    LOGEMENT = "logement"
    TRANSPORTS = "transports"
    ARGENT = "argent"
    JUSTICE = "justice"
    ETRANGER = "etranger"
    LOISIRS = "loisirs"


class ProxyDuration(IntEnum):
    """The durations offered, in days."""

    SHORT = 1
    MONTH = 31
    SEMESTER = 182
    LONG = 365

    @property
    def delta(self) -> timedelta:
        """The duration as a timedelta."""
        return timedelta(days=int(self))


MAX_DURATION = ProxyDuration.LONG.delta


class ProxyState(StrEnum):
    """The stored lifecycle state."""

    DRAFT = "draft"
    SIGNED = "signed"
    REVOKED = "revoked"


class ProxyEvent(StrEnum):
    """What can happen to a proxy."""

    SIGN = "sign"
    REVOKE = "revoke"


PROXY_MACHINE: StateMachine[ProxyState, ProxyEvent] = StateMachine(
    name="proxy",
    initial=ProxyState.DRAFT,
    transitions={
        (ProxyState.DRAFT, ProxyEvent.SIGN): ProxyState.SIGNED,
        (ProxyState.SIGNED, ProxyEvent.REVOKE): ProxyState.REVOKED,
    },
)


class ProxyStatus(StrEnum):
    """The status at an instant, computed from the state and the dates."""

    DRAFT = "draft"
    NOT_YET_VALID = "not_yet_valid"
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


class ProxyProblem(StrEnum):
    """Why a proxy record is malformed."""

    EMPTY_SCOPE = "empty_scope"
    BAD_PERIOD = "bad_period"
    TOO_LONG = "too_long"
    BAD_FINGERPRINT = "bad_fingerprint"
    BAD_NONCE = "bad_nonce"
    MISSING_SIGNATURE = "missing_signature"
    REVOCATION_MISMATCH = "revocation_mismatch"  # revoked state without a date, or the reverse


class InvalidProxy(KioskError, ValueError):
    """A proxy was built from inconsistent data.

    Attributes:
        problem: what is wrong.
    """

    def __init__(self, problem: ProxyProblem) -> None:
        super().__init__(f"invalid proxy: {problem.value}")
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Proxy:
    """A proxy from one beneficiary to one agent card, within one structure.

    Validity is the half-open period ``[not_before, not_after)``.

    Attributes:
        id: random identifier.
        beneficiary_id: who grants it.
        agent_cert_fp: SHA-256 (lower-case hex) of the agent card's certificate.
        structure_id: the agent's structure.
        max_level: highest sensitivity level the agent may see under it.
        scopes: the démarches covered.
        not_before: start (aware).
        not_after: end, exclusive (aware).
        nonce: random lower-case hex, at least 16 bytes.
        state: stored lifecycle state.
        signature: the beneficiary card's signature over :meth:`signing_payload`.
        signed_at: when it was signed.
        revoked_at: when it was revoked.
    """

    id: str
    beneficiary_id: str
    agent_cert_fp: str
    structure_id: str
    max_level: SensitivityLevel
    scopes: frozenset[Demarche]
    not_before: datetime
    not_after: datetime
    nonce: str
    state: ProxyState = ProxyState.DRAFT
    signature: bytes | None = None
    signed_at: datetime | None = None
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        for instant in (self.not_before, self.not_after, self.signed_at, self.revoked_at):
            if instant is not None:
                require_aware(instant)
        if not self.scopes:
            raise InvalidProxy(ProxyProblem.EMPTY_SCOPE)
        if self.not_after <= self.not_before:
            raise InvalidProxy(ProxyProblem.BAD_PERIOD)
        if self.not_after - self.not_before > MAX_DURATION:
            raise InvalidProxy(ProxyProblem.TOO_LONG)
        if not is_sha256_hex(self.agent_cert_fp):
            raise InvalidProxy(ProxyProblem.BAD_FINGERPRINT)
        if not is_hex(self.nonce, NONCE_MIN_BYTES):
            raise InvalidProxy(ProxyProblem.BAD_NONCE)
        if self.state is not ProxyState.DRAFT and (
            self.signature is None or self.signed_at is None
        ):
            raise InvalidProxy(ProxyProblem.MISSING_SIGNATURE)
        if (self.state is ProxyState.REVOKED) != (self.revoked_at is not None):
            raise InvalidProxy(ProxyProblem.REVOCATION_MISMATCH)

    @classmethod
    def draft(
        cls,
        *,
        proxy_id: str,
        beneficiary_id: str,
        agent_cert_fp: str,
        structure_id: str,
        max_level: SensitivityLevel,
        scopes: frozenset[Demarche],
        start: datetime,
        duration: ProxyDuration,
        nonce: str,
    ) -> Proxy:
        """A draft valid from ``start`` for one of the offered durations."""
        return cls(
            id=proxy_id,
            beneficiary_id=beneficiary_id,
            agent_cert_fp=agent_cert_fp,
            structure_id=structure_id,
            max_level=max_level,
            scopes=scopes,
            not_before=start,
            not_after=start + duration.delta,
            nonce=nonce,
        )

    def signing_payload(self) -> bytes:
        """The canonical JSON bytes the beneficiary's card signs."""
        return canonical_json(
            {
                "proxy_id": self.id,
                "ben": self.beneficiary_id,
                "agent_cert_fp": self.agent_cert_fp,
                "max_level": int(self.max_level),
                "scope": sorted(s.value for s in self.scopes),
                "nbf": utc_iso(self.not_before),
                "naf": utc_iso(self.not_after),
                "nonce": self.nonce,
            }
        )

    def sign(self, signature: bytes, at: datetime) -> Proxy:
        """The proxy once signed (the signature is checked by the caller).

        Raises:
            IllegalTransition: if it is not a draft.
        """
        state = PROXY_MACHINE.apply(self.state, ProxyEvent.SIGN)
        return replace(self, state=state, signature=signature, signed_at=require_aware(at))

    def revoke(self, at: datetime) -> Proxy:
        """The proxy once revoked, effective from ``at``.

        Raises:
            IllegalTransition: if it was never signed or is already revoked.
        """
        state = PROXY_MACHINE.apply(self.state, ProxyEvent.REVOKE)
        return replace(self, state=state, revoked_at=require_aware(at))

    def status_at(self, at: datetime) -> ProxyStatus:
        """The status at ``at``; a revocation counts from ``revoked_at`` on."""
        require_aware(at)
        if self.state is ProxyState.DRAFT:
            return ProxyStatus.DRAFT
        if self.revoked_at is not None and at >= self.revoked_at:
            return ProxyStatus.REVOKED
        if at < self.not_before:
            return ProxyStatus.NOT_YET_VALID
        if at >= self.not_after:
            return ProxyStatus.EXPIRED
        return ProxyStatus.ACTIVE

    def allows(self, agent_fp: str, level: SensitivityLevel, scope: Demarche, at: datetime) -> bool:
        """True if the card ``agent_fp`` may act at ``level`` in ``scope`` at ``at``."""
        return (
            self.status_at(at) is ProxyStatus.ACTIVE
            and agent_fp.lower() == self.agent_cert_fp
            and level <= self.max_level
            and scope in self.scopes
        )
