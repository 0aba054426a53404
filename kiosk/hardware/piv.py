"""A PIV client (SP 800-73-4 subset) over a ``SmartCardConnection``.

Only what the kiosk uses: SELECT, GET DATA (CHUID, certificates), VERIFY with the retry
counter, RESET RETRY, CHANGE REFERENCE DATA, GENERAL AUTHENTICATE (ECDSA P-256 on 9A/9C/9E,
ECDH on 9D, AES-256 mutual authentication with the 9B management key), GENERATE and PUT
DATA, with GET RESPONSE and command chaining. The bytes are those of CARD_AND_VAULT.md.
Every method raises typed errors; none words anything for a person.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import IntEnum

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.hardware.card import (
    ApduError,
    BadResponse,
    NotOurCard,
    PinBlocked,
    SecurityNotSatisfied,
    SmartCardConnection,
    WrongPin,
)
from kiosk.hardware.tlv import TlvError, encode, find

PIV_AID = bytes.fromhex("A000000308000010000100")
_ALG_P256 = 0x11
_ALG_AES256 = 0x0C
_PIN_REF, _PUK_REF = 0x80, 0x81
SW_OK = 0x9000


class Slot(IntEnum):
    """PIV key references."""

    AUTHENTICATION = 0x9A
    SIGNATURE = 0x9C
    KEY_MANAGEMENT = 0x9D
    CARD_AUTHENTICATION = 0x9E


CERT_OBJECTS = {
    Slot.AUTHENTICATION: 0x5FC105,
    Slot.SIGNATURE: 0x5FC10A,
    Slot.KEY_MANAGEMENT: 0x5FC10B,
    Slot.CARD_AUTHENTICATION: 0x5FC101,
}
CHUID = 0x5FC102
DISCOVERY = 0x7E


@dataclass(frozen=True, slots=True)
class Chuid:
    """The card holder unique identifier: the GUID names the card."""

    guid: bytes
    fascn: bytes
    expiry: str


def _pad_pin(pin: str) -> bytes:
    if not pin.isdigit() or not 6 <= len(pin) <= 8:
        raise ValueError("a PIN is 6 to 8 digits")
    return pin.encode("ascii").ljust(8, b"\xff")


class PivClient:
    """PIV commands on one connection. Not thread-safe: use it from the reader thread only."""

    def __init__(self, connection: SmartCardConnection) -> None:
        self.connection = connection
        self.apdus = 0

    # -- transport ---------------------------------------------------------------------------

    def _transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.apdus += 1
        return self.connection.transmit(apdu)

    def send(
        self, ins: int, p1: int, p2: int, data: bytes = b"", *, le: bool = True, name: str = ""
    ) -> tuple[bytes, int]:
        """Send a command (chained when over 255 bytes); gather ``61 xx`` continuations."""
        chunks = [data[i : i + 255] for i in range(0, len(data), 255)] or [b""]
        for index, chunk in enumerate(chunks):
            cla = 0x10 if index < len(chunks) - 1 else 0x00
            apdu = bytes([cla, ins, p1, p2])
            if chunk:
                apdu += bytes([len(chunk)]) + chunk
            if cla == 0x00 and le:
                apdu += b"\x00"
            response, sw = self._transmit(apdu)
            if cla == 0x10 and sw != SW_OK:
                return response, sw
        body = bytearray(response)
        while sw >> 8 == 0x61:
            more, sw = self._transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
            body += more
            if len(body) > 64 * 1024:
                raise BadResponse(name or f"INS {ins:02X}", "answer longer than 64 KiB")
        if sw >> 8 == 0x6C:  # wrong Le: the card tells the right one
            response, sw = self._transmit(apdu[:-1] + bytes([sw & 0xFF]))
            body = bytearray(response)
        return bytes(body), sw

    def _expect_ok(self, name: str, sw: int) -> None:
        if sw == SW_OK:
            return
        if sw == 0x6982:
            raise SecurityNotSatisfied(name, sw)
        raise ApduError(name, sw)

    # -- application ---------------------------------------------------------------------

    def select(self) -> None:
        """Select the PIV application.

        Raises:
            NotOurCard: not a PIV card.
        """
        response, sw = self.send(0xA4, 0x04, 0x00, PIV_AID, name="SELECT")
        if sw != SW_OK:
            raise NotOurCard("not_piv", f"SELECT answered {sw:04X}")
        try:
            template = find(response, 0x61)
        except TlvError as exc:
            raise BadResponse("SELECT", str(exc)) from exc
        if template is None:
            raise BadResponse("SELECT", "no application template")

    def get_data(self, tag: int) -> bytes | None:
        """The value of a data object (inside its ``53`` wrapper), None if the card has none."""
        tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8, "big")
        name = f"GET DATA {tag:X}"
        response, sw = self.send(0xCB, 0x3F, 0xFF, encode(0x5C, tag_bytes), name=name)
        if sw == 0x6A82:
            return None
        self._expect_ok(name, sw)
        try:
            value = find(response, 0x7E if tag == DISCOVERY else 0x53)
        except TlvError as exc:
            raise BadResponse(name, str(exc)) from exc
        if value is None:
            raise BadResponse(name, "no data object in the answer")
        return value

    def chuid(self) -> Chuid:
        """Read the CHUID.

        Raises:
            NotOurCard: no CHUID (a blank card). BadResponse: malformed.
        """
        value = self.get_data(CHUID)
        if value is None:
            raise NotOurCard("blank", "the card has no CHUID: it was never issued")
        try:
            guid = find(value, 0x34)
            fascn = find(value, 0x30) or b""
            expiry = find(value, 0x35) or b""
        except TlvError as exc:
            raise BadResponse("GET DATA CHUID", str(exc)) from exc
        if guid is None or len(guid) != 16:
            raise BadResponse("GET DATA CHUID", "no 16-byte GUID")
        return Chuid(guid, fascn, expiry.decode("ascii", "replace"))

    def certificate(self, slot: Slot) -> x509.Certificate | None:
        """The certificate of a key slot, None if absent.

        Raises:
            BadResponse: present but not a DER certificate.
        """
        value = self.get_data(CERT_OBJECTS[slot])
        if value is None:
            return None
        try:
            der = find(value, 0x70)
            info = find(value, 0x71)
        except TlvError as exc:
            raise BadResponse(f"certificate {slot.name}", str(exc)) from exc
        if der is None or (info is not None and info not in (b"", b"\x00")):
            raise BadResponse(f"certificate {slot.name}", "no uncompressed certificate")
        try:
            return x509.load_der_x509_certificate(der)
        except ValueError as exc:
            raise BadResponse(f"certificate {slot.name}", "not a DER certificate") from exc

    # -- PIN -----------------------------------------------------------------------------

    def pin_tries(self) -> int | None:
        """Tries left, or None when the PIN is already verified in this session."""
        _data, sw = self.send(0x20, 0x00, _PIN_REF, le=False, name="VERIFY status")
        if sw == SW_OK:
            return None
        if sw >> 4 == 0x63C:
            return sw & 0x0F
        if sw == 0x6983:
            return 0
        raise ApduError("VERIFY status", sw)

    def _check_reference(self, name: str, sw: int, puk: bool) -> None:
        if sw == SW_OK:
            return
        if sw >> 4 == 0x63C:
            tries = sw & 0x0F
            if tries == 0:
                raise PinBlocked(puk)
            raise WrongPin(tries, puk)
        if sw == 0x6983:
            raise PinBlocked(puk)
        raise ApduError(name, sw)

    def verify(self, pin: str) -> None:
        """Present the PIN. Raises WrongPin(tries_left) or PinBlocked; never retries."""
        _data, sw = self.send(0x20, 0x00, _PIN_REF, _pad_pin(pin), le=False, name="VERIFY")
        self._check_reference("VERIFY", sw, puk=False)

    def logout(self) -> None:
        """Forget the verified PIN (``00 20 FF 80``)."""
        self.send(0x20, 0xFF, _PIN_REF, le=False, name="VERIFY reset")

    def unblock(self, puk: str, new_pin: str) -> None:
        """RESET RETRY: the PUK sets a new PIN and the PIN tries back to full."""
        data = _pad_pin(puk) + _pad_pin(new_pin)
        _data, sw = self.send(0x2C, 0x00, _PIN_REF, data, le=False, name="RESET RETRY")
        self._check_reference("RESET RETRY", sw, puk=True)

    def change_reference(self, old: str, new: str, *, puk: bool = False) -> None:
        """CHANGE REFERENCE DATA of the PIN or the PUK."""
        ref = _PUK_REF if puk else _PIN_REF
        data = _pad_pin(old) + _pad_pin(new)
        _data, sw = self.send(0x24, 0x00, ref, data, le=False, name="CHANGE REFERENCE")
        self._check_reference("CHANGE REFERENCE", sw, puk=puk)

    # -- keys ----------------------------------------------------------------------------

    def _general_authenticate(self, alg: int, ref: int, template: bytes, name: str) -> bytes:
        response, sw = self.send(0x87, alg, ref, encode(0x7C, template), name=name)
        self._expect_ok(name, sw)
        try:
            inner = find(response, 0x7C)
            if inner is None:
                raise BadResponse(name, "no dynamic authentication template")
            return inner
        except TlvError as exc:
            raise BadResponse(name, str(exc)) from exc

    def sign(self, slot: Slot, message: bytes) -> bytes:
        """ECDSA-SHA256 of ``message`` by a slot's key; the DER signature."""
        digest = hashlib.sha256(message).digest()
        name = f"SIGN {slot.name}"
        inner = self._general_authenticate(
            _ALG_P256, slot, encode(0x82, b"") + encode(0x81, digest), name
        )
        try:
            signature = find(inner, 0x82)
        except TlvError as exc:
            raise BadResponse(name, str(exc)) from exc
        if not signature:
            raise BadResponse(name, "no signature")
        return signature

    def ecdh(self, peer: ec.EllipticCurvePublicKey) -> bytes:
        """ECDH on 9D with ``peer``: the x coordinate of the shared point."""
        point = peer.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        inner = self._general_authenticate(
            _ALG_P256, Slot.KEY_MANAGEMENT, encode(0x82, b"") + encode(0x85, point), "ECDH"
        )
        try:
            shared = find(inner, 0x82)
        except TlvError as exc:
            raise BadResponse("ECDH", str(exc)) from exc
        if shared is None or len(shared) != 32:
            raise BadResponse("ECDH", "shared secret is not 32 bytes")
        return shared

    def authenticate_management(self, key: bytes) -> None:
        """Mutual authentication with the AES-256 management key (9B)."""
        if len(key) != 32:
            raise ValueError("the management key is AES-256")
        cipher = Cipher(algorithms.AES256(key), modes.ECB())  # noqa: S305 - single blocks, PIV
        inner = self._general_authenticate(_ALG_AES256, 0x9B, encode(0x80, b""), "9B witness")
        witness = find(inner, 0x80)
        if witness is None or len(witness) != 16:
            raise BadResponse("9B witness", "witness is not one AES block")
        dec = cipher.decryptor()
        plain_witness = dec.update(witness) + dec.finalize()
        challenge = os.urandom(16)
        inner = self._general_authenticate(
            _ALG_AES256, 0x9B, encode(0x80, plain_witness) + encode(0x81, challenge), "9B auth"
        )
        enc = cipher.encryptor()
        expected = enc.update(challenge) + enc.finalize()
        if find(inner, 0x82) != expected:
            raise NotOurCard("clone", "the card does not hold the management key")

    def generate(self, slot: Slot) -> ec.EllipticCurvePublicKey:
        """Generate a P-256 key pair on the card (needs the management key)."""
        name = f"GENERATE {slot.name}"
        template = encode(0xAC, encode(0x80, bytes([_ALG_P256])))
        response, sw = self.send(0x47, 0x00, slot, template, name=name)
        self._expect_ok(name, sw)
        try:
            point = find(find(response, 0x7F49) or b"", 0x86)
        except TlvError as exc:
            raise BadResponse(name, str(exc)) from exc
        if point is None:
            raise BadResponse(name, "no public point")
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        except ValueError as exc:
            raise BadResponse(name, "not a P-256 point") from exc

    def put_data(self, tag: int, value: bytes) -> None:
        """Write a data object (needs the management key)."""
        tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8, "big")
        name = f"PUT DATA {tag:X}"
        data = encode(0x5C, tag_bytes) + encode(0x53, value)
        _r, sw = self.send(0xDB, 0x3F, 0xFF, data, le=False, name=name)
        self._expect_ok(name, sw)

    def put_certificate(self, slot: Slot, certificate: x509.Certificate) -> None:
        """Store a slot's certificate (uncompressed)."""
        der = certificate.public_bytes(Encoding.DER)
        value = encode(0x70, der) + encode(0x71, b"\x00") + encode(0xFE, b"")
        self.put_data(CERT_OBJECTS[slot], value)
