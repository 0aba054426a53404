"""The audit journal's hash chain."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.audit import (
    GENESIS,
    AuditEvent,
    AuditOp,
    ChainFault,
    InvalidAuditEvent,
    next_event,
    verify_chain,
)
from kiosk.domain.primitives import NaiveDatetimeError

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
ACTOR = "ab" * 32

Row = tuple[AuditEvent, str]


def chain(length: int) -> list[Row]:
    """A well-formed chain of ``length`` rows, as the vault would store it."""
    rows: list[Row] = []
    prev = GENESIS
    ops = list(AuditOp)
    for index in range(length):
        event = next_event(
            prev,
            index + 1,
            at=T0 + timedelta(seconds=index),
            device="st-01",
            actor=ACTOR,
            op=ops[index % len(ops)],
            obj=f"doc-{index}",
            ct_sha256=hashlib.sha256(str(index).encode()).hexdigest(),
        )
        prev = event.digest()
        rows.append((event, prev))
    return rows


EXPECTED_CANONICAL = (
    b'{"actor":"' + ACTOR.encode() + b'","ct_sha256":"","device":"st-01","object":"ben-1",'
    b'"op":"login","prev":"' + b"0" * 64 + b'","seq":1,"ts":"2025-03-01T09:00:00.000000+00:00"}'
)
EXPECTED_DIGEST = "dad5e0e2a007e8fd1d5cd7cb9418e250e9a66cd7bf8cedb673559a28cb66b5fd"


def first_login() -> AuditEvent:
    return next_event(GENESIS, 1, at=T0, device="st-01", actor=ACTOR, op=AuditOp.LOGIN, obj="ben-1")


def test_genesis_is_64_zeros() -> None:
    assert GENESIS == "0" * 64


def test_digest_is_sha256_of_the_canonical_row() -> None:
    event = first_login()
    assert event.canonical() == EXPECTED_CANONICAL
    assert event.digest() == hashlib.sha256(EXPECTED_CANONICAL).hexdigest() == EXPECTED_DIGEST


def test_digest_is_stable_across_interpreter_runs() -> None:
    script = (
        "from datetime import UTC, datetime\n"
        "from kiosk.domain.audit import GENESIS, AuditOp, next_event\n"
        "e = next_event(GENESIS, 1, at=datetime(2025, 3, 1, 9, tzinfo=UTC), device='st-01',"
        f" actor='{ACTOR}', op=AuditOp.LOGIN, obj='ben-1')\n"
        "print(e.digest())\n"
    )
    for seed in ("0", "99"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == EXPECTED_DIGEST


def test_every_field_is_covered_by_the_digest() -> None:
    event = first_login()
    variants = [
        replace(event, seq=2),
        replace(event, ts="2025-03-01T09:00:01.000000+00:00"),
        replace(event, device="st-02"),
        replace(event, actor="cd" * 32),
        replace(event, op=AuditOp.LOGOUT),
        replace(event, object="ben-2"),
        replace(event, ct_sha256="ef" * 32),
        replace(event, prev="11" * 32),
    ]
    digests = {v.digest() for v in variants}
    assert len(digests) == len(variants)
    assert event.digest() not in digests


def test_next_event_writes_utc_and_checks_its_inputs() -> None:
    paris = timezone(timedelta(hours=1))
    event = next_event(
        GENESIS, 1, at=T0.astimezone(paris), device="d", actor="a", op=AuditOp.READ, obj="o"
    )
    assert event.ts == "2025-03-01T09:00:00.000000+00:00"
    assert (event.seq, event.prev, event.ct_sha256) == (1, GENESIS, "")
    good = {"at": T0, "device": "d", "actor": "a", "op": AuditOp.READ, "obj": "o"}
    for prev, seq, extra, attribute in [
        ("xyz", 2, {}, "prev"),
        ("AB" * 32, 2, {}, "prev"),
        ("ab" * 32, 1, {}, "seq"),
        (GENESIS, 2, {}, "seq"),
        ("ab" * 32, 0, {}, "seq"),
        (GENESIS, 1, {"ct_sha256": "beef"}, "ct_sha256"),
    ]:
        with pytest.raises(InvalidAuditEvent) as caught:
            next_event(prev, seq, **{**good, **extra})  # type: ignore[arg-type]
        assert caught.value.attribute == attribute
    with pytest.raises(NaiveDatetimeError):
        next_event(GENESIS, 1, **{**good, "at": T0.replace(tzinfo=None)})  # type: ignore[arg-type]


def test_intact_chain() -> None:
    rows = chain(6)
    verdict = verify_chain(rows)
    assert verdict.ok
    assert (verdict.first_bad_seq, verdict.reason, verdict.position) == (None, None, None)
    assert verdict.checked == 6
    assert verdict.head == rows[-1][1]


def test_empty_chain_is_ok_with_genesis_head() -> None:
    verdict = verify_chain([])
    assert verdict.ok
    assert (verdict.checked, verdict.head) == (0, GENESIS)


def test_verify_accepts_a_generator() -> None:
    assert verify_chain(row for row in chain(3)).ok


def test_edited_row_is_a_hash_mismatch() -> None:
    rows = chain(6)
    event, stored = rows[2]
    rows[2] = (replace(event, object="doc-99"), stored)
    verdict = verify_chain(rows)
    assert not verdict.ok
    assert (verdict.first_bad_seq, verdict.reason, verdict.position) == (
        3,
        ChainFault.HASH_MISMATCH,
        2,
    )
    assert verdict.head == rows[1][1]


def test_edited_row_with_rehash_breaks_the_next_link() -> None:
    rows = chain(6)
    forged = replace(rows[2][0], op=AuditOp.READ, object="doc-99")
    rows[2] = (forged, forged.digest())
    verdict = verify_chain(rows)
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (
        False,
        4,
        ChainFault.BROKEN_LINK,
    )


def test_deleted_middle_row_is_a_seq_gap() -> None:
    rows = chain(6)
    del rows[3]
    verdict = verify_chain(rows)
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason, verdict.position) == (
        False,
        5,
        ChainFault.SEQ_GAP,
        3,
    )


def test_deleted_row_with_renumbering_is_a_broken_link() -> None:
    rows = chain(6)
    del rows[3]
    renumbered: list[Row] = []
    for event, stored in rows:
        if event.seq > 4:
            event = replace(event, seq=event.seq - 1)
        renumbered.append((event, stored))
    verdict = verify_chain(renumbered)
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (
        False,
        4,
        ChainFault.BROKEN_LINK,
    )


def test_deleted_first_row_is_a_broken_link_to_genesis() -> None:
    verdict = verify_chain(chain(4)[1:])
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason, verdict.position) == (
        False,
        2,
        ChainFault.BROKEN_LINK,
        0,
    )


def test_reordered_rows_are_a_seq_gap() -> None:
    rows = chain(6)
    rows[2], rows[3] = rows[3], rows[2]
    verdict = verify_chain(rows)
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason, verdict.position) == (
        False,
        4,
        ChainFault.SEQ_GAP,
        2,
    )


def test_reordered_rows_with_swapped_seqs_are_a_broken_link() -> None:
    rows = chain(6)
    (e3, h3), (e4, h4) = rows[2], rows[3]
    rows[2], rows[3] = (replace(e4, seq=3), h4), (replace(e3, seq=4), h3)
    verdict = verify_chain(rows)
    assert (verdict.ok, verdict.first_bad_seq, verdict.reason) == (
        False,
        3,
        ChainFault.BROKEN_LINK,
    )


def test_truncated_tail_is_only_seen_through_the_head() -> None:
    rows = chain(6)
    signed_head = verify_chain(rows).head
    verdict = verify_chain(rows[:4])
    assert verdict.ok
    assert verdict.head != signed_head
    assert verdict.head == rows[3][1]


def test_continuation_from_a_checkpoint() -> None:
    rows = chain(6)
    verdict = verify_chain(rows[3:], start_prev=rows[2][1], start_seq=4)
    assert verdict.ok
    assert verdict.head == rows[-1][1]
    wrong_seq = verify_chain(rows[3:], start_prev=rows[2][1], start_seq=5)
    assert (wrong_seq.reason, wrong_seq.first_bad_seq) == (ChainFault.SEQ_GAP, 4)
    wrong_prev = verify_chain(rows[3:], start_prev=rows[1][1])
    assert (wrong_prev.reason, wrong_prev.first_bad_seq) == (ChainFault.BROKEN_LINK, 4)


FIELDS = ["ts", "device", "actor", "op", "object", "ct_sha256"]


@given(
    length=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_any_single_edit_is_caught_at_its_row(length: int, data: st.DataObject) -> None:
    rows = chain(length)
    index = data.draw(st.integers(min_value=0, max_value=length - 1))
    name = data.draw(st.sampled_from(FIELDS))
    event, stored = rows[index]
    if name == "op":
        changed = replace(
            event, op=data.draw(st.sampled_from([o for o in AuditOp if o != event.op]))
        )
    else:
        value = data.draw(st.text(max_size=10).filter(lambda v: v != getattr(event, name)))
        changed = replace(event, **{name: value})  # type: ignore[arg-type]
    rows[index] = (changed, stored)
    verdict = verify_chain(rows)
    assert not verdict.ok
    assert verdict.first_bad_seq == index + 1
    assert verdict.reason is ChainFault.HASH_MISMATCH
    assert verdict.checked == index + 1


@given(length=st.integers(min_value=2, max_value=12), data=st.data())
def test_any_deletion_or_swap_is_caught(length: int, data: st.DataObject) -> None:
    rows = chain(length)
    index = data.draw(st.integers(min_value=0, max_value=length - 2))
    if data.draw(st.booleans()):
        del rows[index]
    else:
        rows[index], rows[index + 1] = rows[index + 1], rows[index]
    verdict = verify_chain(rows)
    assert not verdict.ok
    assert verdict.reason in {ChainFault.SEQ_GAP, ChainFault.BROKEN_LINK}
