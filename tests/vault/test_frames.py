"""The framed stream cipher: round trips, and every way a stream can be damaged."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.vault import frames
from kiosk.vault.errors import IntegrityError, MalformedStream, TruncatedStream

KEY = bytes(range(32))
LABEL = b'{"doc_id":"d1","level":2}'


def seal(data: bytes, frame_size: int = 64) -> bytes:
    out = io.BytesIO()
    digest, size, plain = frames.encrypt_stream(KEY, LABEL, io.BytesIO(data), out, frame_size)
    assert size == len(out.getvalue()) and plain == len(data)
    assert digest == __import__("hashlib").sha256(out.getvalue()).hexdigest()
    return out.getvalue()


def unseal(blob: bytes, label: bytes = LABEL) -> bytes:
    return b"".join(bytes(c) for c in frames.decrypt_stream(KEY, label, io.BytesIO(blob), "d1"))


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=700), frame_size=st.integers(16, 200))
def test_round_trip(data: bytes, frame_size: int) -> None:
    assert unseal(seal(data, frame_size)) == data


def test_exact_multiple_of_frame_size_round_trips() -> None:
    data = os.urandom(64 * 3)
    blob = seal(data)
    assert len(blob) == frames.HEADER_LEN + 3 * (64 + 16)
    assert unseal(blob) == data


def test_cut_at_a_frame_boundary_is_truncated() -> None:
    blob = seal(os.urandom(64 * 3 + 10))
    cut = blob[: frames.HEADER_LEN + 2 * 80]
    with pytest.raises(TruncatedStream) as info:
        unseal(cut)
    assert info.value.frames_read == 2


@pytest.mark.parametrize("cut", [0, 10, frames.HEADER_LEN, frames.HEADER_LEN + 5, -1])
def test_cut_anywhere_fails(cut: int) -> None:
    blob = seal(os.urandom(200))
    with pytest.raises(IntegrityError):
        unseal(blob[:cut])


def test_flipped_bit_reordered_or_dropped_frames_fail() -> None:
    blob = seal(os.urandom(64 * 3))
    head, body = blob[: frames.HEADER_LEN], blob[frames.HEADER_LEN :]
    parts = [body[i : i + 80] for i in range(0, len(body), 80)]
    flipped = bytearray(blob)
    flipped[frames.HEADER_LEN + 3] ^= 0x40
    for damaged in (
        bytes(flipped),
        head + parts[1] + parts[0] + parts[2],
        head + parts[0] + parts[2],
    ):
        with pytest.raises(IntegrityError):
            unseal(damaged)


def test_wrong_label_fails_and_header_is_checked() -> None:
    blob = seal(b"avis d'imposition 2025")
    with pytest.raises(IntegrityError):
        unseal(blob, b'{"doc_id":"d1","level":1}')
    with pytest.raises(MalformedStream):
        unseal(b"XXXX" + blob[4:])
    tampered = bytearray(blob)
    tampered[20] ^= 1  # salt: another stream key
    with pytest.raises(IntegrityError):
        unseal(bytes(tampered))


def test_large_file_is_streamed_without_a_second_copy(tmp_path: Path) -> None:
    """A 20 MB scan goes through with memory of about two frames, never two copies."""
    source = tmp_path / "scan.bin"
    source.write_bytes(os.urandom(20 << 20))
    target = tmp_path / "scan.enc"
    tracemalloc.start()
    with source.open("rb") as src, target.open("wb") as dst:
        frames.encrypt_stream(KEY, LABEL, src, dst, 1 << 20)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    total = 0
    with target.open("rb") as src:
        for chunk in frames.decrypt_stream(KEY, LABEL, src, "scan"):
            total += len(chunk)
    _now, peak_read = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert total == 20 << 20
    assert peak < 5 << 20, peak
    assert peak_read < 5 << 20, peak_read
