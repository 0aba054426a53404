"""BER-TLV as PIV uses it: one- to three-byte tags, lengths up to ``82 xx xx``.

Decoding never trusts a length: a value that runs past the end of the data is an error
carrying where it happened, so a card that answers a cut-off object is refused clearly.
"""

from __future__ import annotations


class TlvError(ValueError):
    """Malformed TLV.

    Attributes:
        offset: where in the data the problem starts.
        reason: what is wrong.
    """

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"TLV error at byte {offset}: {reason}")
        self.offset = offset
        self.reason = reason


def _tag_bytes(tag: int) -> bytes:
    if tag < 0:
        raise ValueError("negative tag")
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def _length_bytes(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    if length <= 0xFF:
        return bytes([0x81, length])
    if length <= 0xFFFF:
        return bytes([0x82]) + length.to_bytes(2, "big")
    raise ValueError("value too long for PIV")


def encode(tag: int, value: bytes) -> bytes:
    """One TLV."""
    return _tag_bytes(tag) + _length_bytes(len(value)) + value


def _read_tag(data: bytes, offset: int) -> tuple[int, int]:
    if offset >= len(data):
        raise TlvError(offset, "missing tag")
    start = offset
    first = data[offset]
    tag, offset = first, offset + 1
    if first & 0x1F == 0x1F:  # multi-byte tag: continue while bit 8 is set
        while True:
            if offset >= len(data):
                raise TlvError(offset, "tag cut off")
            byte = data[offset]
            tag, offset = (tag << 8) | byte, offset + 1
            if not byte & 0x80:
                break
            if offset - start >= 3:
                raise TlvError(start, "tag longer than three bytes")
    return tag, offset


def _read_length(data: bytes, offset: int) -> tuple[int, int]:
    if offset >= len(data):
        raise TlvError(offset, "missing length")
    first = data[offset]
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if count == 0 or count > 3:
        raise TlvError(offset, "unsupported length form")
    if offset + 1 + count > len(data):
        raise TlvError(offset, "length cut off")
    return int.from_bytes(data[offset + 1 : offset + 1 + count], "big"), offset + 1 + count


def decode(data: bytes) -> list[tuple[int, bytes]]:
    """A flat run of TLVs.

    Raises:
        TlvError: truncated or malformed.
    """
    items = []
    offset = 0
    while offset < len(data):
        start = offset
        tag, offset = _read_tag(data, offset)
        length, offset = _read_length(data, offset)
        if offset + length > len(data):
            raise TlvError(start, f"value of tag {tag:X} runs past the end")
        items.append((tag, data[offset : offset + length]))
        offset += length
    return items


def find(data: bytes, tag: int) -> bytes | None:
    """The value of the first ``tag`` at the top level of ``data``, None if absent.

    Raises:
        TlvError: ``data`` is malformed (even after the tag: a cut-off answer is refused).
    """
    for item_tag, value in decode(data):
        if item_tag == tag:
            return value
    return None
