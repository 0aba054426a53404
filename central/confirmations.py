"""Confirmation codes by e-mail or SMS, for changes of sensitive data (RIB, family record).

The platform sends a 6-digit code through its sender and keeps only an HMAC of it (keyed by
the server's secret), a masked address and an HMAC of the request. Checks are counted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select

from central.auth import Caller
from central.models import Confirmation
from central.platform import Platform
from central.problems import ProblemError
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.protocol.relay import (
    CODE_ATTEMPTS,
    CODE_DIGITS,
    CODE_TTL_SECONDS,
    ConfirmationChannel,
    ConfirmationCheck,
    ConfirmationRequest,
    ConfirmationResult,
    ConfirmationSent,
    mask_address,
)


def _mac(platform: Platform, *parts: str) -> str:
    message = "\n".join(parts).encode("utf-8")
    return hmac.new(platform.secret, message, hashlib.sha256).hexdigest()


def _sent(row: Confirmation) -> ConfirmationSent:
    return ConfirmationSent(
        confirmation_id=row.id,
        channel=ConfirmationChannel(row.channel),
        masked_address=row.masked_address,
        expires_at=row.expires_at // 1000,
        attempts_left=row.attempts_left,
    )


def request_code(
    platform: Platform, caller: Caller, request: ConfirmationRequest
) -> ConfirmationSent:
    """Send a code (once per confirmation id).

    Raises:
        ProblemError: 409 ``idempotency_conflict`` if the id was used for another request.
    """
    now = platform.now_ms()
    digest = _mac(platform, "request", request.model_dump_json())
    with platform.db.transaction() as session:
        existing = session.get(Confirmation, request.confirmation_id)
        if existing is not None:
            if existing.station_id != caller.station_id or existing.digest != digest:
                raise ProblemError(
                    409,
                    ProblemCode.IDEMPOTENCY_CONFLICT,
                    "confirmation id used for another request",
                )
            return _sent(existing)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row = Confirmation(
            id=request.confirmation_id,
            structure_id=caller.structure_id,
            station_id=caller.station_id,
            channel=request.channel.value,
            masked_address=mask_address(request.channel, request.address),
            purpose=request.purpose,
            digest=digest,
            code_hash=_mac(platform, "code", request.confirmation_id, code),
            expires_at=now + CODE_TTL_SECONDS * 1000,
            attempts_left=CODE_ATTEMPTS,
            created_at=now,
        )
        session.add(row)
        session.flush()
        platform.sender.send_code(
            request.confirmation_id, request.channel.value, request.address, code, request.purpose
        )
        return _sent(row)


def check_code(
    platform: Platform, caller: Caller, confirmation_id: str, check: ConfirmationCheck
) -> ConfirmationResult:
    """Check a typed code.

    Raises:
        ProblemError: 404 ``confirmation_unknown``, 410 ``confirmation_expired``,
            409 ``confirmation_locked``.
    """
    now = platform.now_ms()
    with platform.db.transaction() as session:
        statement = select(Confirmation).where(Confirmation.id == confirmation_id)
        row = session.execute(statement.with_for_update()).scalar_one_or_none()
        if row is None or row.structure_id != caller.structure_id:
            raise ProblemError(404, ProblemCode.CONFIRMATION_UNKNOWN, confirmation_id)
        if row.verified_at is not None:
            return ConfirmationResult(
                confirmation_id=row.id, verified=True, attempts_left=row.attempts_left
            )
        if now > row.expires_at:
            raise ProblemError(410, ProblemCode.CONFIRMATION_EXPIRED, confirmation_id)
        if row.attempts_left <= 0:
            raise ProblemError(409, ProblemCode.CONFIRMATION_LOCKED, confirmation_id)
        expected = _mac(platform, "code", row.id, check.code)
        if hmac.compare_digest(expected, row.code_hash):
            row.verified_at = now
            return ConfirmationResult(
                confirmation_id=row.id, verified=True, attempts_left=row.attempts_left
            )
        row.attempts_left -= 1
        return ConfirmationResult(
            confirmation_id=row.id, verified=False, attempts_left=row.attempts_left
        )
