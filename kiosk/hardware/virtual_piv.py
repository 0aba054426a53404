"""A virtual PIV card (SP 800-73-4 subset), APDU in, R-APDU out: no sockets here.

It answers what ``PivClient`` and stock OpenSC 0.23 send (CARD_AND_VAULT.md section 1):
SELECT, GET DATA with ``61 xx`` + GET RESPONSE, command chaining, VERIFY / RESET RETRY /
CHANGE REFERENCE with tries counters, GENERAL AUTHENTICATE (ECDSA and ECDH on P-256, the
AES-256 9B management key), GENERATE and PUT DATA. The persistent part lives in a JSON file
(``virtual_piv_state``); the security status is lost at power off, reset and removal.

Test quirks make it misbehave on purpose: ``not_piv``, ``garbage``, ``truncated_tlv``,
``pull_on_verify`` and ``pull_on_sign`` (the card raises :class:`CardPulled`).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.hardware.piv import PIV_AID
from kiosk.hardware.tlv import TlvError, decode, encode
from kiosk.hardware.virtual_piv_apdu import (
    DISCOVERY,
    NOT_PIV_ATR,
    PIV_ATR,
    SW_BLOCKED,
    SW_CLA,
    SW_INS,
    SW_NO_MEMORY,
    SW_NO_PENDING,
    SW_NO_REFERENCE,
    SW_NOT_FOUND,
    SW_OK,
    SW_SECURITY,
    SW_WRONG_DATA,
    SW_WRONG_P1P2,
    Command,
    application_template,
    discovery_object,
    more_data,
    pad_secret,
    parse_apdu,
    parse_secret,
    sw_bytes,
)
from kiosk.hardware.virtual_piv_state import MAX_TRIES, CardState, load_state, save_state

QUIRKS = frozenset({"not_piv", "garbage", "truncated_tlv", "pull_on_verify", "pull_on_sign"})
KEY_SLOTS = (0x9A, 0x9C, 0x9D, 0x9E)
# Biometric and printed objects are readable only after VERIFY (SP 800-73-4 part 1, 3.1).
PROTECTED_OBJECTS = frozenset({0x5FC103, 0x5FC108, 0x5FC109, 0x5FC121})
_ALG_P256 = 0x11
_MAX_CHAIN = 64 * 1024


class CardPulled(Exception):
    """The card left the reader in the middle of a command (test quirks ``pull_on_*``)."""


class VirtualPivCard:
    """The card logic: ``process`` one C-APDU, get the R-APDU (data + SW1 SW2)."""

    def __init__(self, state_path: Path, quirks: frozenset[str] = frozenset()) -> None:
        unknown = set(quirks) - QUIRKS
        if unknown:
            raise ValueError(f"unknown quirks: {sorted(unknown)}")
        self._path = state_path
        self._quirks = frozenset(quirks)
        if state_path.exists():
            self._state = load_state(state_path)
        else:
            self._state = CardState.blank()
            save_state(state_path, self._state)
        self._handlers: dict[int, Callable[[int, int, bytes], tuple[bytes, int]]] = {
            0xA4: self._select,
            0xCB: self._get_data,
            0x20: self._verify,
            0x2C: self._reset_retry,
            0x24: self._change_reference,
            0x87: self._general_authenticate,
            0x47: self._generate,
            0xDB: self._put_data,
        }
        self._clear_security()

    @classmethod
    def blank(cls, path: Path, quirks: frozenset[str] = frozenset()) -> VirtualPivCard:
        """A factory-fresh card in ``path`` (overwriting what was there)."""
        save_state(path, CardState.blank())
        return cls(path, quirks)

    # -- what a test may look at -------------------------------------------------------------

    @property
    def atr(self) -> bytes:
        """The answer to reset (PIV AID in the historical bytes, unless ``not_piv``)."""
        return NOT_PIV_ATR if "not_piv" in self._quirks else PIV_ATR

    @property
    def quirks(self) -> frozenset[str]:
        """The test quirks this card was made with."""
        return self._quirks

    @property
    def pin_tries(self) -> int:
        """PIN tries left (0: blocked)."""
        return self._state.pin_tries

    @property
    def puk_tries(self) -> int:
        """PUK tries left (0: blocked)."""
        return self._state.puk_tries

    @property
    def pin_verified(self) -> bool:
        """Whether the PIN is verified in this power cycle."""
        return self._pin_verified

    def public_key(self, slot: int) -> ec.EllipticCurvePublicKey | None:
        """The public key generated in a slot, None if none."""
        key = self._state.keys.get(slot)
        return None if key is None else key.public_key()

    def data_object(self, tag: int) -> bytes | None:
        """A stored data object (the whole ``53`` TLV), None if absent."""
        return self._state.objects.get(tag)

    # -- power -------------------------------------------------------------------------------

    def power_on(self) -> None:
        """Power up: a fresh security status."""
        self._clear_security()

    def power_off(self) -> None:
        """Power down: the security status is lost."""
        self._clear_security()

    def reset(self) -> None:
        """Warm reset: the security status is lost."""
        self._clear_security()

    def _clear_security(self) -> None:
        self._pin_verified = False
        self._pin_always = False  # a VERIFY just happened: one 9C operation allowed
        self._admin = False  # 9B management key authenticated
        self._pending_9b: tuple[str, bytes] | None = None
        self._out = b""  # what GET RESPONSE still has to give
        self._chain: tuple[int, int, int, bytearray] | None = None

    def _save(self) -> None:
        save_state(self._path, self._state)

    # -- dispatch ----------------------------------------------------------------------------

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU.

        Raises:
            CardPulled: a ``pull_on_*`` quirk fired; the caller drops the connection.
        """
        command = parse_apdu(apdu)
        if isinstance(command, int):
            self._out = b""
            return sw_bytes(command)
        if command.cla not in (0x00, 0x10):
            return sw_bytes(SW_CLA)
        if "not_piv" in self._quirks:
            return sw_bytes(SW_NOT_FOUND if command.ins == 0xA4 else SW_INS)
        if command.ins == 0xC0 and command.cla == 0x00:
            return self._get_response(command)
        self._out = b""
        if not self._keeps_pin_always(command):
            self._pin_always = False
        if command.cla == 0x10:
            return sw_bytes(self._chain_part(command))
        data = command.data
        if self._chain is not None:
            ins, p1, p2, head = self._chain
            self._chain = None
            if (ins, p1, p2) == (command.ins, command.p1, command.p2):
                data = bytes(head) + data
                if len(data) > _MAX_CHAIN:
                    return sw_bytes(SW_NO_MEMORY)
        handler = self._handlers.get(command.ins)
        if handler is None:
            return sw_bytes(SW_INS)
        body, sw = handler(command.p1, command.p2, data)
        if sw != SW_OK or len(body) <= command.ne:
            return body + sw_bytes(sw)
        self._out = body[command.ne :]
        return body[: command.ne] + sw_bytes(more_data(len(self._out)))

    def _keeps_pin_always(self, command: Command) -> bool:
        """Only the 9C signature itself and read-only probes keep a PIN-always grant."""
        if command.ins == 0x87:
            return command.p2 == 0x9C
        if command.ins == 0x20:
            return command.p1 == 0x00 and not command.data
        return command.ins == 0xCB and command.data == encode(0x5C, bytes([DISCOVERY]))

    def _chain_part(self, command: Command) -> int:
        header = (command.ins, command.p1, command.p2)
        if self._chain is None or self._chain[:3] != header:
            self._chain = (*header, bytearray())
        self._chain[3].extend(command.data)
        if len(self._chain[3]) > _MAX_CHAIN:
            self._chain = None
            return SW_NO_MEMORY
        return SW_OK

    def _get_response(self, command: Command) -> bytes:
        if command.p1 or command.p2:
            return sw_bytes(SW_WRONG_P1P2)
        if not self._out:
            return sw_bytes(SW_NO_PENDING)
        chunk, self._out = self._out[: command.ne], self._out[command.ne :]
        if self._out:
            return chunk + sw_bytes(more_data(len(self._out)))
        return chunk + sw_bytes(SW_OK)

    # -- application and data objects --------------------------------------------------------

    def _select(self, p1: int, _p2: int, data: bytes) -> tuple[bytes, int]:
        if p1 == 0x04 and len(data) >= 5 and PIV_AID.startswith(data):
            return application_template(), SW_OK
        return b"", SW_NOT_FOUND

    def _get_data(self, p1: int, p2: int, data: bytes) -> tuple[bytes, int]:
        if (p1, p2) != (0x3F, 0xFF):
            return b"", SW_WRONG_P1P2
        try:
            items = decode(data)
        except TlvError:
            return b"", SW_WRONG_DATA
        if len(items) != 1 or items[0][0] != 0x5C or not 1 <= len(items[0][1]) <= 3:
            return b"", SW_WRONG_DATA
        tag = int.from_bytes(items[0][1], "big")
        if tag in PROTECTED_OBJECTS and not self._pin_verified:
            return b"", SW_SECURITY
        value = discovery_object() if tag == DISCOVERY else self._state.objects.get(tag)
        if "garbage" in self._quirks:
            # 9F FF FF opens a tag longer than three bytes: no TLV parser accepts it.
            return b"\x9f\xff\xff\xff" + os.urandom(16 + os.urandom(1)[0] % 32), SW_OK
        if "truncated_tlv" in self._quirks:
            whole = value or encode(0x53, os.urandom(64))
            return whole[: max(4, len(whole) // 2)], SW_OK
        if value is None:
            return b"", SW_NOT_FOUND
        return value, SW_OK

    def _put_data(self, p1: int, p2: int, data: bytes) -> tuple[bytes, int]:
        if (p1, p2) != (0x3F, 0xFF):
            return b"", SW_WRONG_P1P2
        if not self._admin:
            return b"", SW_SECURITY
        try:
            items = decode(data)
        except TlvError:
            return b"", SW_WRONG_DATA
        if len(items) != 2 or items[0][0] != 0x5C or items[1][0] != 0x53:
            return b"", SW_WRONG_DATA
        tag_bytes = items[0][1]
        if len(tag_bytes) != 3 or tag_bytes[:2] != b"\x5f\xc1":
            return b"", SW_WRONG_DATA
        tag = int.from_bytes(tag_bytes, "big")
        if items[1][1]:
            self._state.objects[tag] = encode(0x53, items[1][1])
        else:
            self._state.objects.pop(tag, None)
        self._save()
        return b"", SW_OK

    # -- PIN and PUK -------------------------------------------------------------------------

    def _tries_sw(self, tries: int) -> int:
        return 0x63C0 | tries if tries else SW_BLOCKED

    def _verify(self, p1: int, p2: int, data: bytes) -> tuple[bytes, int]:
        if p1 == 0xFF:  # reset the security status of the PIN
            if p2 != 0x80:
                return b"", SW_NO_REFERENCE
            self._pin_verified = self._pin_always = False
            return b"", SW_OK
        if p1 != 0x00:
            return b"", SW_WRONG_P1P2
        if p2 not in (0x80, 0x81) or (p2 == 0x81 and data):
            return b"", SW_NO_REFERENCE
        if not data:  # status query
            if p2 == 0x81:
                return b"", self._tries_sw(self._state.puk_tries)
            if self._state.pin_tries == 0:
                return b"", SW_BLOCKED
            return b"", SW_OK if self._pin_verified else self._tries_sw(self._state.pin_tries)
        if "pull_on_verify" in self._quirks:
            self._clear_security()
            raise CardPulled("VERIFY")
        if len(data) != 8:
            return b"", SW_WRONG_DATA
        if self._state.pin_tries == 0:
            return b"", SW_BLOCKED
        if hmac.compare_digest(data, pad_secret(self._state.pin)):
            if self._state.pin_tries != MAX_TRIES:
                self._state.pin_tries = MAX_TRIES
                self._save()
            self._pin_verified = self._pin_always = True
            return b"", SW_OK
        self._pin_verified = self._pin_always = False
        self._state.pin_tries -= 1
        self._save()
        return b"", self._tries_sw(self._state.pin_tries)

    def _check_secret(self, puk: bool, block: bytes) -> int:
        """Check the PIN or PUK, counting a wrong one; SW_OK when right."""
        tries = self._state.puk_tries if puk else self._state.pin_tries
        if tries == 0:
            return SW_BLOCKED
        secret = self._state.puk if puk else self._state.pin
        if hmac.compare_digest(block, pad_secret(secret)):
            return SW_OK
        if puk:
            self._state.puk_tries -= 1
        else:
            self._state.pin_tries -= 1
            self._pin_verified = self._pin_always = False
        self._save()
        return self._tries_sw(tries - 1)

    def _reset_retry(self, p1: int, p2: int, data: bytes) -> tuple[bytes, int]:
        if p1 != 0x00:
            return b"", SW_WRONG_P1P2
        if p2 != 0x80:
            return b"", SW_NO_REFERENCE
        new_pin = parse_secret(data[8:]) if len(data) == 16 else None
        if new_pin is None:
            return b"", SW_WRONG_DATA
        sw = self._check_secret(True, data[:8])
        if sw != SW_OK:
            return b"", sw
        self._state.puk_tries = self._state.pin_tries = MAX_TRIES
        self._state.pin = new_pin
        self._pin_verified = self._pin_always = False
        self._save()
        return b"", SW_OK

    def _change_reference(self, p1: int, p2: int, data: bytes) -> tuple[bytes, int]:
        if p1 != 0x00:
            return b"", SW_WRONG_P1P2
        if p2 not in (0x80, 0x81):
            return b"", SW_NO_REFERENCE
        new = parse_secret(data[8:]) if len(data) == 16 else None
        if new is None:
            return b"", SW_WRONG_DATA
        puk = p2 == 0x81
        sw = self._check_secret(puk, data[:8])
        if sw != SW_OK:
            return b"", sw
        if puk:
            self._state.puk, self._state.puk_tries = new, MAX_TRIES
        else:
            self._state.pin, self._state.pin_tries = new, MAX_TRIES
        self._save()
        return b"", SW_OK

    # -- keys --------------------------------------------------------------------------------

    def _general_authenticate(self, alg: int, ref: int, data: bytes) -> tuple[bytes, int]:
        if ref == 0x9B:
            return self._management(alg, data)
        if ref not in KEY_SLOTS:
            return b"", SW_NO_REFERENCE
        if "pull_on_sign" in self._quirks:
            self._clear_security()
            raise CardPulled("GENERAL AUTHENTICATE")
        key = self._state.keys.get(ref)
        if key is None:
            return b"", SW_NO_REFERENCE
        if alg != _ALG_P256:
            return b"", SW_WRONG_P1P2
        granted = self._pin_verified
        if ref == 0x9C:
            granted, self._pin_always = granted and self._pin_always, False
        elif ref == 0x9E:
            granted = True
        if not granted:
            return b"", SW_SECURITY
        items = self._template(data)
        if items is None or items.get(0x82) != b"":
            return b"", SW_WRONG_DATA
        if 0x81 in items and ref != 0x9D:
            digest = items[0x81][:32].rjust(32, b"\x00")
            if not items[0x81]:
                return b"", SW_WRONG_DATA
            signature = key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
            return encode(0x7C, encode(0x82, signature)), SW_OK
        if 0x85 in items and ref == 0x9D:
            try:
                peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), items[0x85])
            except ValueError:
                return b"", SW_WRONG_DATA
            return encode(0x7C, encode(0x82, key.exchange(ec.ECDH(), peer))), SW_OK
        return b"", SW_WRONG_DATA

    @staticmethod
    def _template(data: bytes) -> dict[int, bytes] | None:
        """The items of a ``7C`` dynamic authentication template, None if malformed."""
        try:
            outer = decode(data)
            if len(outer) != 1 or outer[0][0] != 0x7C:
                return None
            return dict(decode(outer[0][1]))
        except TlvError:
            return None

    def _management(self, alg: int, data: bytes) -> tuple[bytes, int]:
        """9B: mutual (witness, then challenge) or external authentication, AES blocks."""
        if alg != self._state.management_alg:
            return b"", SW_WRONG_P1P2
        items = self._template(data)
        pending, self._pending_9b = self._pending_9b, None
        cipher = Cipher(algorithms.AES(self._state.management_key), modes.ECB())  # noqa: S305
        if items == {0x80: b""} or items == {0x81: b""}:
            nonce = os.urandom(16)
            if 0x80 in items:
                encryptor = cipher.encryptor()
                self._pending_9b = ("witness", nonce)
                answer = encode(0x80, encryptor.update(nonce) + encryptor.finalize())
            else:
                self._pending_9b = ("challenge", nonce)
                answer = encode(0x81, nonce)
            return encode(0x7C, answer), SW_OK
        if items is not None and set(items) == {0x80, 0x81}:
            challenge = items[0x81]
            if not challenge or len(challenge) % 16:
                return b"", SW_WRONG_DATA
            if pending is None or pending[0] != "witness":
                return b"", SW_NO_PENDING
            if not hmac.compare_digest(items[0x80], pending[1]):
                self._admin = False
                return b"", SW_SECURITY
            self._admin = True
            encryptor = cipher.encryptor()
            response = encryptor.update(challenge) + encryptor.finalize()
            return encode(0x7C, encode(0x82, response)), SW_OK
        if items is not None and set(items) == {0x82}:
            if pending is None or pending[0] != "challenge":
                return b"", SW_NO_PENDING
            encryptor = cipher.encryptor()
            expected = encryptor.update(pending[1]) + encryptor.finalize()
            self._admin = hmac.compare_digest(items[0x82], expected)
            return b"", SW_OK if self._admin else SW_SECURITY
        return b"", SW_WRONG_DATA

    def _generate(self, p1: int, p2: int, data: bytes) -> tuple[bytes, int]:
        if p1 != 0x00 or p2 not in KEY_SLOTS:
            return b"", SW_WRONG_P1P2
        if not self._admin:
            return b"", SW_SECURITY
        try:
            outer = decode(data)
            control = dict(decode(outer[0][1])) if outer and outer[0][0] == 0xAC else {}
        except TlvError:
            return b"", SW_WRONG_DATA
        if control.get(0x80) != bytes([_ALG_P256]):
            return b"", SW_WRONG_DATA
        key = ec.generate_private_key(ec.SECP256R1())
        self._state.keys[p2] = key
        self._save()
        point = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return encode(0x7F49, encode(0x86, point)), SW_OK
