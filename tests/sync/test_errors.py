"""Every problem code of the protocol has a typed error carrying its data."""

from __future__ import annotations

from kiosk.sync.errors import (
    ERROR_CLASSES,
    ClockSkewed,
    SeqGap,
    ServerUnavailable,
    UploadProblem,
    error_for,
)
from kiosk.sync.protocol.problems import Problem, ProblemCode, problem_type


def _problem(code: ProblemCode, status: int, **extra: int) -> Problem:
    return Problem(type=problem_type(code), title="t", status=status, code=code, **extra)


def test_every_code_has_a_class() -> None:
    assert set(ERROR_CLASSES) == set(ProblemCode)


def test_errors_carry_what_the_station_acts_on() -> None:
    skew = error_for(401, _problem(ProblemCode.CLOCK_SKEW, 401, server_time=5, skew_seconds=9))
    assert isinstance(skew, ClockSkewed) and (skew.server_time, skew.skew_seconds) == (5, 9)
    gap = error_for(409, _problem(ProblemCode.SEQ_GAP, 409, expected_seq=7))
    assert isinstance(gap, SeqGap) and gap.expected_seq == 7
    offset = error_for(409, _problem(ProblemCode.UPLOAD_OFFSET_MISMATCH, 409, offset=42))
    assert isinstance(offset, UploadProblem) and offset.offset == 42
    busy = error_for(429, _problem(ProblemCode.BAD_REQUEST, 429), retry_after=3)
    assert isinstance(busy, ServerUnavailable) and busy.retryable and busy.retry_after == 3
