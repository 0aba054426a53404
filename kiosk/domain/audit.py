"""The audit journal's rows and the check of their hash chain.

Each device keeps one chain: row ``n`` stores ``prev`` = the hash of row ``n - 1`` (or
:data:`GENESIS` for the first) and is itself hashed as SHA-256 of the canonical JSON of its
eight fields. Editing, deleting or reordering a row breaks the chain at that row; cutting
rows off the end does not, which is why the chain head (:attr:`ChainVerdict.head`) is signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kiosk.domain.canonical import canonical_json
from kiosk.domain.errors import KioskError
from kiosk.domain.primitives import is_sha256_hex, utc_iso

GENESIS = "0" * 64


class AuditOp(StrEnum):
    """What a journal row records; values are stored and hashed: never rename one."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    READ = "read"
    WRITE = "write"
    DELETE = "delete"
    EXPORT = "export"
    KEY_CREATE = "key_create"
    KEY_WRAP = "key_wrap"
    KEY_UNWRAP = "key_unwrap"
    KEY_ROTATE = "key_rotate"
    KEY_REVOKE = "key_revoke"
    KEY_SHRED = "key_shred"
    ERASE_BENEFICIARY = "erase_beneficiary"
    PROXY_GRANT = "proxy_grant"
    PROXY_USE = "proxy_use"
    PROXY_REVOKE = "proxy_revoke"
    CARD_ISSUE = "card_issue"
    CARD_BLOCK = "card_block"
    CARD_UNBLOCK = "card_unblock"
    CARD_REVOKE = "card_revoke"
    REQUEST_TRANSITION = "request_transition"
    MESSAGE_SEND = "message_send"
    SYNC_PUSH = "sync_push"
    SYNC_PULL = "sync_pull"
    STATION_REGISTER = "station_register"
    CHAIN_HEAD_SIGN = "chain_head_sign"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One journal row, as hashed.

    No validation here: rows read back from storage may be damaged, and :func:`verify_chain`
    must report that rather than fail to build the row.

    Attributes:
        seq: position in the device's chain, 1 for the first row.
        ts: ISO-8601 UTC instant.
        device: station id.
        actor: who acted (card certificate fingerprint or technical actor id).
        op: what was done.
        object: what it was done to (ids only, never personal data in clear).
        ct_sha256: SHA-256 hex of the ciphertext concerned, or "".
        prev: hash of the previous row, :data:`GENESIS` for the first.
    """

    seq: int
    ts: str
    device: str
    actor: str
    op: AuditOp
    object: str
    ct_sha256: str
    prev: str

    def canonical(self) -> bytes:
        """The canonical JSON bytes that are hashed."""
        return canonical_json(
            {
                "seq": self.seq,
                "ts": self.ts,
                "device": self.device,
                "actor": self.actor,
                "op": self.op.value,
                "object": self.object,
                "ct_sha256": self.ct_sha256,
                "prev": self.prev,
            }
        )

    def digest(self) -> str:
        """SHA-256 (lower-case hex) of :meth:`canonical`: the row's hash."""
        return hashlib.sha256(self.canonical()).hexdigest()


class InvalidAuditEvent(KioskError, ValueError):
    """:func:`next_event` was given a malformed hash or sequence number.

    Attributes:
        attribute: the attribute at fault.
    """

    def __init__(self, attribute: str) -> None:
        super().__init__(f"invalid audit event: {attribute}")
        self.attribute = attribute


def next_event(
    prev_event_hash: str,
    seq: int,
    *,
    at: datetime,
    device: str,
    actor: str,
    op: AuditOp,
    obj: str,
    ct_sha256: str = "",
) -> AuditEvent:
    """A new, checked row following the row whose hash is ``prev_event_hash``.

    Args:
        prev_event_hash: the previous row's stored hash, or :data:`GENESIS`.
        seq: this row's sequence number (previous + 1; 1 for the first).
        at: when (aware; written as UTC).
        device: station id.
        actor: who acted.
        op: what was done.
        obj: what it was done to.
        ct_sha256: ciphertext hash, or "".

    Raises:
        InvalidAuditEvent: for a malformed hash, ``seq`` < 1, or GENESIS after row 1.
        NaiveDatetimeError: if ``at`` has no time zone.
    """
    if not is_sha256_hex(prev_event_hash):
        raise InvalidAuditEvent("prev")
    if seq < 1 or (seq == 1) != (prev_event_hash == GENESIS):
        raise InvalidAuditEvent("seq")
    if ct_sha256 and not is_sha256_hex(ct_sha256):
        raise InvalidAuditEvent("ct_sha256")
    return AuditEvent(
        seq=seq,
        ts=utc_iso(at),
        device=device,
        actor=actor,
        op=op,
        object=obj,
        ct_sha256=ct_sha256,
        prev=prev_event_hash,
    )


class ChainFault(StrEnum):
    """The first thing wrong with a chain."""

    HASH_MISMATCH = "hash_mismatch"  # a row's content does not match its stored hash
    BROKEN_LINK = "broken_link"  # a row's prev is not the stored hash of the row before
    SEQ_GAP = "seq_gap"  # a row's seq is not the previous one + 1


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    """The result of :func:`verify_chain`.

    Attributes:
        ok: True if every row checked out.
        first_bad_seq: the stored ``seq`` of the first row that failed, or None.
        reason: what failed, or None.
        position: 0-based index of that row in what was given, or None.
        checked: how many rows were read up to the verdict.
        head: stored hash of the last good row (``start_prev`` if none): compare it to the
            signed chain head to detect rows cut off the end.
    """

    ok: bool
    first_bad_seq: int | None
    reason: ChainFault | None
    position: int | None
    checked: int
    head: str


def verify_chain(
    events: Iterable[tuple[AuditEvent, str]],
    *,
    start_prev: str = GENESIS,
    start_seq: int | None = None,
) -> ChainVerdict:
    """Check an ordered run of (event, stored hash) rows; stops at the first fault.

    Args:
        events: rows in stored order.
        start_prev: the ``prev`` expected on the first row; GENESIS for a whole chain, the
            hash of the last row already checked for a continuation.
        start_seq: the ``seq`` expected on the first row, or None to take the first as is.
    """
    expected_prev = start_prev
    expected_seq = start_seq
    checked = 0
    for position, (event, stored) in enumerate(events):
        checked += 1
        fault: ChainFault | None = None
        if expected_seq is not None and event.seq != expected_seq:
            fault = ChainFault.SEQ_GAP
        elif event.prev != expected_prev:
            fault = ChainFault.BROKEN_LINK
        elif event.digest() != stored:
            fault = ChainFault.HASH_MISMATCH
        if fault is not None:
            return ChainVerdict(False, event.seq, fault, position, checked, expected_prev)
        expected_prev = stored
        expected_seq = event.seq + 1
    return ChainVerdict(True, None, None, None, checked, expected_prev)
