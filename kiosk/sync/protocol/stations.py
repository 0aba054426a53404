"""Enrolment, time and the station's own record.

A technician gets a one-time code from the platform's administrator
(``kiosk-central enrol-code --structure X``), types it on the station, which generates its
P-256 key and calls ``POST /v1/stations/enrol`` (the only unsigned write). The answer's
``station_id`` then signs every request.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from kiosk.sync.protocol.values import Id

ENROL_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
ENROL_CODE_LENGTH = 16  # 80 bits, typed as four groups of four


def normalise_enrol_code(text: str) -> str:
    """The code as the server compares it: upper case, no spaces or dashes, O read as 0."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t")
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def format_enrol_code(code: str) -> str:
    """``ABCD-EFGH-JKMN-PQRS``: how a code is shown to be typed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class EnrolRequest(BaseModel):
    """``POST /v1/stations/enrol``.

    Attributes:
        code: the one-time code, as typed (normalised by the server).
        public_key: base64 DER SubjectPublicKeyInfo of the station's P-256 key.
        proof: base64 DER ECDSA signature of ``signing.enrolment_message(code, public_key)``
            (the code as sent).
        label: a name for people ("CMS Belleville, borne 2").
    """

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64)
    public_key: str = Field(min_length=1, max_length=512)
    proof: str = Field(min_length=1, max_length=256)
    label: str = Field(default="", max_length=120)


class EnrolResponse(BaseModel):
    """The station's identity on the platform.

    Attributes:
        station_id: signs every later request (``X-Kiosk-Station``).
        structure_id: the structure whose data this station may push and pull.
        server_time: Unix seconds, to set the clock offset at once.
    """

    station_id: Id
    structure_id: Id
    server_time: int


class TimeInfo(BaseModel):
    """``GET /v1/time`` (unsigned): the server's clock.

    Attributes:
        server_time_ms: Unix milliseconds.
        server_hlc: the server's hybrid logical clock (see :mod:`kiosk.sync.protocol.hlc`).
    """

    server_time_ms: int
    server_hlc: int


class StationInfo(BaseModel):
    """``GET /v1/stations/me``: what the server knows of the calling station.

    Attributes:
        station_id: the caller.
        structure_id: its structure.
        applied_seq: the last operation seq applied; the outbox resumes after it.
        label: as enrolled.
    """

    station_id: Id
    structure_id: Id
    applied_seq: int
    label: str


class Health(BaseModel):
    """``GET /v1/health`` (unsigned)."""

    status: str
    protocol: int
