"""Wire formats of the virtual PIV card: status words, short APDUs, ATR, fixed objects."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import xor

from kiosk.hardware.piv import PIV_AID
from kiosk.hardware.tlv import encode

DISCOVERY = 0x7E
LABEL = b"Kiosk PIV (test)"

SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_SECURITY = 0x6982
SW_BLOCKED = 0x6983
SW_NO_PENDING = 0x6985
SW_WRONG_DATA = 0x6A80
SW_NOT_FOUND = 0x6A82
SW_NO_MEMORY = 0x6A84
SW_WRONG_P1P2 = 0x6A86
SW_NO_REFERENCE = 0x6A88
SW_INS = 0x6D00
SW_CLA = 0x6E00


def make_atr(historical: bytes) -> bytes:
    """An ATR offering T=0 and T=1 with these historical bytes, TCK included."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes")
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    return b"\x3b" + body + bytes([reduce(xor, body, 0)])


# Compact TLV F9: tag F (application identifier), 9 bytes: OpenSC's PIV_II_HIST, no quirks.
PIV_ATR = make_atr(b"\x80\xf9" + PIV_AID[:9])
NOT_PIV_ATR = make_atr(b"\x80\x73\xc0\x21\xc0")


def application_template() -> bytes:
    """The answer to SELECT: PIX, authority, label, algorithms (P-256, AES-256)."""
    algorithms = encode(0x80, b"\x11") + encode(0x80, b"\x0c") + encode(0x06, b"\x00")
    return encode(
        0x61,
        encode(0x4F, PIV_AID[5:])
        + encode(0x79, encode(0x4F, PIV_AID[:5]))
        + encode(0x50, LABEL)
        + encode(0xAC, algorithms),
    )


def discovery_object() -> bytes:
    """The Discovery object: the PIV AID, PIN usage policy "application PIN only"."""
    return encode(DISCOVERY, encode(0x4F, PIV_AID) + encode(0x5F2F, b"\x40\x00"))


def pad_secret(secret: str) -> bytes:
    """A PIN or PUK as sent: ASCII digits padded with FF to 8 bytes."""
    return secret.encode("ascii").ljust(8, b"\xff")


def parse_secret(block: bytes) -> str | None:
    """The 6-8 digits of a padded PIN/PUK block, None if malformed."""
    digits = block.rstrip(b"\xff")
    if len(block) != 8 or not 6 <= len(digits) <= 8:
        return None
    if not all(0x30 <= b <= 0x39 for b in digits):
        return None
    return digits.decode("ascii")


@dataclass(frozen=True, slots=True)
class Command:
    """A parsed short command APDU."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    ne: int  # bytes the reader accepts (256 when Le is absent or 00)


def parse_apdu(apdu: bytes) -> Command | int:
    """A short APDU, or the status word refusing it (extended length is not supported)."""
    if len(apdu) < 4:
        return SW_WRONG_LENGTH
    cla, ins, p1, p2 = apdu[:4]
    if len(apdu) == 4:
        return Command(cla, ins, p1, p2, b"", 256)
    if len(apdu) == 5:
        return Command(cla, ins, p1, p2, b"", apdu[4] or 256)
    lc = apdu[4]
    if lc == 0:
        return SW_WRONG_LENGTH
    data = apdu[5 : 5 + lc]
    if len(apdu) == 5 + lc:
        return Command(cla, ins, p1, p2, data, 256)
    if len(apdu) == 6 + lc:
        return Command(cla, ins, p1, p2, data, apdu[-1] or 256)
    return SW_WRONG_LENGTH


def sw_bytes(sw: int) -> bytes:
    """SW1 SW2."""
    return sw.to_bytes(2, "big")


def more_data(remaining: int) -> int:
    """``61 xx``: xx more bytes for GET RESPONSE (00 for 256 or more)."""
    return 0x6100 | (min(remaining, 256) & 0xFF)
