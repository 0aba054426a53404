"""BER-TLV: round trips, PIV's multi-byte tags and long lengths, and every truncation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.hardware.tlv import TlvError, decode, encode, find

TAGS = st.sampled_from([0x53, 0x70, 0x7C, 0x82, 0x5FC102, 0x7F49, 0x5C, 0x01])


@given(st.lists(st.tuples(TAGS, st.binary(max_size=700)), max_size=5))
def test_round_trip(items: list[tuple[int, bytes]]) -> None:
    data = b"".join(encode(tag, value) for tag, value in items)
    assert decode(data) == items


def test_piv_shapes() -> None:
    assert encode(0x5C, bytes.fromhex("5FC102")) == bytes.fromhex("5C035FC102")
    assert encode(0x53, b"x" * 200)[:3] == bytes.fromhex("5381C8")
    assert encode(0x53, b"x" * 0x15C)[:4] == bytes.fromhex("5382015C")
    answer = bytes.fromhex("7F49438641") + b"\x04" + b"\x11" * 64
    assert find(find(answer, 0x7F49) or b"", 0x86) == b"\x04" + b"\x11" * 64


@pytest.mark.parametrize("cut", range(1, 8))
def test_every_truncation_is_an_error(cut: int) -> None:
    data = encode(0x53, encode(0x70, b"\x30\x82" + b"c" * 300))
    with pytest.raises(TlvError):
        decode(data[:-cut])
    with pytest.raises(TlvError):
        decode(data[: len(data) - 300 - cut])


def test_garbage_is_refused_with_its_offset() -> None:
    with pytest.raises(TlvError) as info:
        find(b"\x53\x84\x00\x00\x00\x01\x00", 0x53)
    assert info.value.offset == 1
    with pytest.raises(TlvError):
        find(b"\x5f", 0x5F)
    assert find(b"", 0x53) is None
