"""What can go wrong talking to the platform, as typed errors carrying the data to act on.

The station acts on the class (and ``code``), never on the English ``detail``; the words a
person reads are chosen by the UI. :func:`error_for` turns a ``application/problem+json``
answer into the matching class; a code added to the protocol later still becomes a
:class:`ProblemError` with its raw ``code``.
"""

from __future__ import annotations

from kiosk.domain.errors import KioskError
from kiosk.sync.protocol.problems import Problem, ProblemCode


class SyncError(KioskError):
    """Base of the sync errors."""


class TransportFailed(SyncError):
    """No answer: no network, connection cut, timeout, server down. Retry with backoff."""


class UnexpectedAnswer(SyncError):
    """An answer that is not what the protocol says (not JSON, not a problem, wrong model).

    Attributes:
        status: the HTTP status.
    """

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"unexpected answer {status}: {detail}")
        self.status = status


class ProblemError(SyncError):
    """The platform refused with a problem+json answer.

    Attributes:
        status: the HTTP status.
        code: the stable problem code.
        problem: the whole answer (extension members included).
        retry_after: seconds from ``Retry-After``, when the server sent one.
    """

    retryable = False

    def __init__(self, status: int, problem: Problem, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {problem.code.value}: {problem.detail or problem.title}")
        self.status = status
        self.code = problem.code
        self.problem = problem
        self.retry_after = retry_after


class ServerUnavailable(ProblemError):
    """``internal_error``, a 5xx or a 429: the platform's trouble, retry later."""

    retryable = True


class RequestRefused(ProblemError):
    """``bad_request``, ``payload_too_large``, ``method_not_allowed``: a bug of ours."""


class NotFound(ProblemError):
    """``not_found``: absent, or another structure's."""


class Forbidden(ProblemError):
    """``forbidden``: another structure's data."""


class SignatureRefused(ProblemError):
    """``signature_missing``, ``signature_invalid``, ``body_hash_mismatch``: a bug or a
    damaged key."""


class NonceReplayed(ProblemError):
    """``replayed``: the nonce was seen already (a retry sends a new one)."""

    retryable = True


class ClockSkewed(ProblemError):
    """``clock_skew``: the station's clock is more than 300 s off.

    Attributes:
        server_time: the server's Unix time.
        skew_seconds: station time minus server time.
    """

    retryable = True

    def __init__(self, status: int, problem: Problem, retry_after: float | None = None) -> None:
        super().__init__(status, problem, retry_after)
        self.server_time = problem.server_time
        self.skew_seconds = problem.skew_seconds


class StationNotEnrolled(ProblemError):
    """``station_unknown`` or ``station_revoked``: enrol again (a person must act)."""


class EnrolmentRefused(ProblemError):
    """The enrolment code or key was refused (``enrol_code_*``, ``key_invalid``,
    ``proof_invalid``)."""


class SeqGap(ProblemError):
    """``seq_gap``: nothing applied; the server wants ``expected_seq`` next.

    Attributes:
        expected_seq: the next seq the server expects.
    """

    def __init__(self, status: int, problem: Problem, retry_after: float | None = None) -> None:
        super().__init__(status, problem, retry_after)
        self.expected_seq = problem.expected_seq


class DeviceRegressed(ProblemError):
    """``device_regressed``: a seq reused with another op (restored backup): re-enrol."""


class OpMismatch(ProblemError):
    """``op_mismatch``: an operation sent again with another content."""


class BatchInvalid(ProblemError):
    """``batch_invalid``: seqs not contiguous (a bug of ours)."""


class CursorReset(ProblemError):
    """``cursor_invalid`` or ``cursor_ahead``: pull again from the start."""


class UploadProblem(ProblemError):
    """An upload refused (``upload_*``, ``chunk_checksum_mismatch``, ``blob_*``,
    ``range_not_satisfiable``).

    Attributes:
        offset: after ``upload_offset_mismatch``: where the server stands.
    """

    def __init__(self, status: int, problem: Problem, retry_after: float | None = None) -> None:
        super().__init__(status, problem, retry_after)
        self.offset = problem.offset


class RelayProblem(ProblemError):
    """A relay refusal (``idempotency_conflict``, ``confirmation_*``)."""


_C = ProblemCode
ERROR_CLASSES: dict[ProblemCode, type[ProblemError]] = {
    _C.BAD_REQUEST: RequestRefused,
    _C.NOT_FOUND: NotFound,
    _C.METHOD_NOT_ALLOWED: RequestRefused,
    _C.PAYLOAD_TOO_LARGE: RequestRefused,
    _C.INTERNAL: ServerUnavailable,
    _C.SIGNATURE_MISSING: SignatureRefused,
    _C.SIGNATURE_INVALID: SignatureRefused,
    _C.BODY_HASH_MISMATCH: SignatureRefused,
    _C.STATION_UNKNOWN: StationNotEnrolled,
    _C.STATION_REVOKED: StationNotEnrolled,
    _C.CLOCK_SKEW: ClockSkewed,
    _C.REPLAYED: NonceReplayed,
    _C.ENROL_CODE_INVALID: EnrolmentRefused,
    _C.ENROL_CODE_USED: EnrolmentRefused,
    _C.ENROL_CODE_EXPIRED: EnrolmentRefused,
    _C.KEY_INVALID: EnrolmentRefused,
    _C.PROOF_INVALID: EnrolmentRefused,
    _C.FORBIDDEN: Forbidden,
    _C.SEQ_GAP: SeqGap,
    _C.DEVICE_REGRESSED: DeviceRegressed,
    _C.OP_MISMATCH: OpMismatch,
    _C.BATCH_INVALID: BatchInvalid,
    _C.CURSOR_INVALID: CursorReset,
    _C.CURSOR_AHEAD: CursorReset,
    _C.UPLOAD_UNKNOWN: UploadProblem,
    _C.UPLOAD_OFFSET_MISMATCH: UploadProblem,
    _C.UPLOAD_TOO_LONG: UploadProblem,
    _C.CHUNK_CHECKSUM_MISMATCH: UploadProblem,
    _C.BLOB_HASH_MISMATCH: UploadProblem,
    _C.BLOB_NOT_FOUND: UploadProblem,
    _C.RANGE_NOT_SATISFIABLE: UploadProblem,
    _C.IDEMPOTENCY_CONFLICT: RelayProblem,
    _C.CONFIRMATION_UNKNOWN: RelayProblem,
    _C.CONFIRMATION_EXPIRED: RelayProblem,
    _C.CONFIRMATION_LOCKED: RelayProblem,
}


def error_for(status: int, problem: Problem, retry_after: float | None = None) -> ProblemError:
    """The typed error of a problem answer (5xx and 429 are always retryable)."""
    cls = ERROR_CLASSES.get(problem.code, ProblemError)
    if status >= 500 or status == 429:
        cls = ServerUnavailable
    return cls(status, problem, retry_after)
