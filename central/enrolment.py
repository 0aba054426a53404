"""Structures, one-time enrolment codes, and the enrolment of a station's key.

A code is shown once (``kiosk-central enrol-code``) and stored as its SHA-256. A station
presents it with its public key and a signature proving it holds the private key; the code
is then spent. The same station repeating its enrolment (its answer was lost) gets the same
station id back; anyone else presenting a spent code is refused.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.db import CentralDatabase
from central.models import EnrolCode, Station, Structure
from central.platform import Platform
from central.problems import ProblemError
from kiosk.sync.protocol.hlc import wall_ms
from kiosk.sync.protocol.problems import ProblemCode
from kiosk.sync.protocol.signing import decode_public_key, enrolment_message, verify_signature
from kiosk.sync.protocol.stations import (
    ENROL_CODE_ALPHABET,
    ENROL_CODE_LENGTH,
    EnrolRequest,
    EnrolResponse,
    normalise_enrol_code,
)

_HOUR_MS = 3_600_000


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def ensure_structure(session: Session, structure_id: str, name: str | None, now: int) -> None:
    """Create the structure if it does not exist yet."""
    if session.get(Structure, structure_id) is None:
        session.add(Structure(id=structure_id, name=name or structure_id, seq=0, created_at=now))
        session.flush()  # before rows that refer to it (no ORM relationship orders them)


def create_enrol_code(
    db: CentralDatabase,
    structure_id: str,
    *,
    name: str | None = None,
    hours: float = 24,
    now_ms: int | None = None,
) -> str:
    """A new one-time code for a station of ``structure_id`` (created if new).

    Returns:
        The code, normalised (show it with ``format_enrol_code``); it is not stored.
    """
    now = wall_ms() if now_ms is None else now_ms
    code = "".join(secrets.choice(ENROL_CODE_ALPHABET) for _ in range(ENROL_CODE_LENGTH))
    with db.transaction() as session:
        ensure_structure(session, structure_id, name, now)
        session.add(
            EnrolCode(
                code_hash=_code_hash(code),
                structure_id=structure_id,
                created_at=now,
                expires_at=now + int(hours * _HOUR_MS),
            )
        )
    return code


def _check_request(request: EnrolRequest) -> str:
    code = normalise_enrol_code(request.code)
    if len(code) != ENROL_CODE_LENGTH or not set(code) <= set(ENROL_CODE_ALPHABET):
        raise ProblemError(403, ProblemCode.ENROL_CODE_INVALID, "not an enrolment code")
    try:
        key = decode_public_key(request.public_key)
    except ValueError as error:
        raise ProblemError(422, ProblemCode.KEY_INVALID, str(error)) from None
    if not verify_signature(key, enrolment_message(code, request.public_key), request.proof):
        raise ProblemError(422, ProblemCode.PROOF_INVALID, "proof does not verify")
    return code


def enrol(platform: Platform, request: EnrolRequest) -> EnrolResponse:
    """Spend an enrolment code for a station key.

    Raises:
        ProblemError: ``enrol_code_invalid`` (403), ``enrol_code_used`` (409),
            ``enrol_code_expired`` (410), ``key_invalid`` or ``proof_invalid`` (422).
    """
    code = _check_request(request)
    now = platform.now_ms()
    with platform.db.transaction() as session:
        statement = select(EnrolCode).where(EnrolCode.code_hash == _code_hash(code))
        row = session.execute(statement.with_for_update()).scalar_one_or_none()
        if row is None:
            raise ProblemError(403, ProblemCode.ENROL_CODE_INVALID, "unknown code")
        if row.used_at is not None:
            station = session.get(Station, row.station_id) if row.station_id else None
            if station is not None and station.public_key == request.public_key:
                return EnrolResponse(
                    station_id=station.id,
                    structure_id=station.structure_id,
                    server_time=now // 1000,
                )
            raise ProblemError(409, ProblemCode.ENROL_CODE_USED, "code already used")
        if row.expires_at < now:
            raise ProblemError(410, ProblemCode.ENROL_CODE_EXPIRED, "code expired")
        station_id = "st_" + base64.b32encode(secrets.token_bytes(10)).decode().lower()
        session.add(
            Station(
                id=station_id,
                structure_id=row.structure_id,
                public_key=request.public_key,
                label=request.label,
                applied_seq=0,
                enrolled_at=now,
            )
        )
        row.used_at = now
        row.station_id = station_id
        structure_id = row.structure_id
    return EnrolResponse(station_id=station_id, structure_id=structure_id, server_time=now // 1000)


def revoke_station(db: CentralDatabase, station_id: str) -> bool:
    """Revoke a station's key; False if there is no such station."""
    with db.transaction() as session:
        station = session.get(Station, station_id)
        if station is None:
            return False
        if station.revoked_at is None:
            station.revoked_at = wall_ms()
        return True
