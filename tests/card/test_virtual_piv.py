"""The virtual PIV card in-process (through our real PivClient), and its vpcd framing.

No pcscd here: the card logic is driven through a tiny in-process connection, and the vpcd
link talks to a fake vpcd server socket.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
import stat
from collections.abc import Iterator
from functools import reduce
from operator import xor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.auth.authority import CardAuthority, TrustStore
from kiosk.auth.identity import HolderRole
from kiosk.auth.issuance import BlankCard, IssuedCard, issue_card
from kiosk.hardware.card import (
    BadResponse,
    CardRemoved,
    NotOurCard,
    PinBlocked,
    SecurityNotSatisfied,
    WrongPin,
)
from kiosk.hardware.piv import CHUID, PIV_AID, PivClient, Slot
from kiosk.hardware.tlv import decode, encode, find
from kiosk.hardware.virtual_card import (
    CardPulled,
    VirtualPivCard,
    VpcdCardLink,
    insert_detached,
    remove_detached,
)
from kiosk.hardware.virtual_piv_apdu import PIV_ATR

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
BLANK = BlankCard(pin="123456", puk="12345678", management_key=bytes(range(1, 33)))
PIN, PUK = "246801", "97531864"
PRINTED_INFORMATION = 0x5FC109


class InProcessConnection:
    """A SmartCardConnection straight onto a VirtualPivCard; records the APDUs sent."""

    def __init__(self, card: VirtualPivCard) -> None:
        self.card = card
        self.sent: list[bytes] = []

    @property
    def reader(self) -> str:
        return "in-process"

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        try:
            answer = self.card.process(apdu)
        except CardPulled as exc:
            raise CardRemoved(self.reader, "card pulled out") from exc
        return answer[:-2], int.from_bytes(answer[-2:], "big")

    def close(self) -> None:
        self.card.reset()


def _client(path: Path, quirks: frozenset[str] = frozenset()) -> PivClient:
    """A freshly inserted card (state reloaded from the file) and a client on it."""
    return PivClient(InProcessConnection(VirtualPivCard(path, quirks)))


def _raw(piv: PivClient, hex_apdu: str) -> tuple[bytes, int]:
    return piv.connection.transmit(bytes.fromhex(hex_apdu))


def _issue(piv: PivClient, authority: CardAuthority) -> IssuedCard:
    return issue_card(
        piv,
        authority,
        BLANK,
        role=HolderRole.BENEFICIARY,
        holder_id="9f2c",
        card_number="000YSZ",
        pin=PIN,
        puk=PUK,
        now=NOW,
    )


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "card.json"


@pytest.fixture
def issued(state: Path, authority: CardAuthority) -> IssuedCard:
    return _issue(_client(state), authority)


def _verify_ecdsa(public: ec.EllipticCurvePublicKey, signature: bytes, message: bytes) -> None:
    public.verify(signature, message, ec.ECDSA(hashes.SHA256()))


# -- application --------------------------------------------------------------------------


def test_atr_carries_the_piv_aid_with_a_valid_check_byte(state: Path) -> None:
    atr = VirtualPivCard(state).atr
    assert atr == bytes.fromhex("3B8B800180F9A000000308000010 00C8".replace(" ", ""))
    assert atr == PIV_ATR
    assert reduce(xor, atr[1:], 0) == 0


def test_select_partial_and_full_aid_refuses_other_applets(state: Path) -> None:
    piv = _client(state)
    data, sw = _raw(piv, "00A4040009A00000030800001000" + "00")
    assert sw == 0x9000
    template = find(data, 0x61)
    assert template is not None
    assert find(template, 0x4F) == bytes.fromhex("000010000100")
    assert find(template, 0xAC) is not None
    assert _raw(piv, "00A404000B" + PIV_AID.hex() + "00")[1] == 0x9000
    for other in ("A0000001160DB00", "A00000000101", "E82B0601040181C31F0201", "A000000063"):
        aid = bytes.fromhex(other.ljust(len(other) + len(other) % 2, "0"))
        assert _raw(piv, f"00A40400{len(aid):02X}{aid.hex()}00")[1] == 0x6A82
    assert _raw(piv, "00CADF3000")[1] == 0x6D00
    assert _raw(piv, "80CB3FFF035C017E00")[1] == 0x6E00
    piv.select()


def test_discovery_answers_without_select(state: Path) -> None:
    data, sw = _raw(_client(state), "00CB3FFF035C017E00")
    assert sw == 0x9000
    assert data == bytes.fromhex("7E124F0B") + PIV_AID + bytes.fromhex("5F2F024000")


def test_blank_card_has_default_secrets_and_nothing_else(state: Path) -> None:
    piv = _client(state)
    piv.select()
    assert piv.pin_tries() == 3
    assert piv.get_data(CHUID) is None
    assert piv.get_data(0x5FC10C) is None  # key history
    assert all(piv.certificate(slot) is None for slot in Slot)
    piv.verify(BLANK.pin)
    assert piv.pin_tries() is None
    piv.authenticate_management(BLANK.management_key)
    with pytest.raises(SecurityNotSatisfied):
        piv.authenticate_management(bytes(32))


def test_issue_card_personalises_a_blank_card_over_apdus(
    state: Path, authority: CardAuthority
) -> None:
    issued = _issue(_client(state), authority)
    piv = _client(state)  # pulled out and put back
    piv.select()
    assert piv.chuid().guid == issued.holder.guid
    trust = TrustStore([authority.certificate])
    for slot, certificate in issued.certificates.items():
        assert piv.certificate(slot) == certificate
        assert trust.check(certificate, slot, NOW) == issued.holder
    with pytest.raises(WrongPin):
        piv.verify(BLANK.pin)
    piv.verify(PIN)
    for slot in (Slot.AUTHENTICATION, Slot.CARD_AUTHENTICATION):
        signature = piv.sign(slot, b"journal head")
        _verify_ecdsa(issued.certificates[slot].public_key(), signature, b"journal head")  # type: ignore[arg-type]
    peer = ec.generate_private_key(ec.SECP256R1())
    expected = peer.exchange(ec.ECDH(), issued.certificates[Slot.KEY_MANAGEMENT].public_key())  # type: ignore[arg-type]
    assert piv.ecdh(peer.public_key()) == expected


def test_sign_and_ecdh_templates_are_the_documented_bytes(state: Path, issued: IssuedCard) -> None:
    piv = _client(state)
    sign = "0087119A26" + "7C24" + "8200" + "8120" + hashlib.sha256(b"x").digest().hex() + "00"
    assert _raw(piv, sign)[1] == 0x6982  # no PIN yet
    piv.verify(PIN)
    data, sw = _raw(piv, sign)
    assert sw == 0x9000
    signature = find(find(data, 0x7C) or b"", 0x82)
    assert signature is not None
    _verify_ecdsa(issued.certificates[Slot.AUTHENTICATION].public_key(), signature, b"x")  # type: ignore[arg-type]
    assert _raw(piv, "0087119A067C048200810000")[1] == 0x6A80  # nothing to sign
    peer = ec.generate_private_key(ec.SECP256R1())
    point = peer.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    data, sw = _raw(piv, "0087119D47" + "7C45" + "8200" + "8541" + point.hex() + "00")
    card_key = issued.certificates[Slot.KEY_MANAGEMENT].public_key()
    assert sw == 0x9000
    assert data == bytes.fromhex("7C228220") + peer.exchange(ec.ECDH(), card_key)  # type: ignore[arg-type]
    assert _raw(piv, "0087119D0A7C0882008504" + "04" + "00" * 3 + "00")[1] == 0x6A80


def test_card_authentication_key_signs_without_pin(state: Path, issued: IssuedCard) -> None:
    piv = _client(state)
    signature = piv.sign(Slot.CARD_AUTHENTICATION, b"challenge")
    public = issued.certificates[Slot.CARD_AUTHENTICATION].public_key()
    _verify_ecdsa(public, signature, b"challenge")  # type: ignore[arg-type]
    with pytest.raises(SecurityNotSatisfied):
        piv.sign(Slot.AUTHENTICATION, b"challenge")
    with pytest.raises(SecurityNotSatisfied):
        piv.ecdh(ec.generate_private_key(ec.SECP256R1()).public_key())


def test_signature_key_needs_a_fresh_verify_each_time(state: Path, issued: IssuedCard) -> None:
    piv = _client(state)
    piv.verify(PIN)
    piv.sign(Slot.SIGNATURE, b"one")
    with pytest.raises(SecurityNotSatisfied):
        piv.sign(Slot.SIGNATURE, b"two")
    piv.sign(Slot.AUTHENTICATION, b"9A still works")
    piv.verify(PIN)
    piv.get_data(CHUID)  # anything in between spends the grant
    with pytest.raises(SecurityNotSatisfied):
        piv.sign(Slot.SIGNATURE, b"three")
    piv.verify(PIN)
    signature = piv.sign(Slot.SIGNATURE, b"four")
    _verify_ecdsa(issued.certificates[Slot.SIGNATURE].public_key(), signature, b"four")  # type: ignore[arg-type]


def test_logout_and_reset_forget_the_security_status(state: Path, issued: IssuedCard) -> None:
    piv = _client(state)
    piv.verify(PIN)
    piv.logout()
    assert piv.pin_tries() == 3
    with pytest.raises(SecurityNotSatisfied):
        piv.sign(Slot.AUTHENTICATION, b"x")
    piv.verify(PIN)
    piv.authenticate_management(BLANK.management_key)
    piv.connection.close()  # reset
    assert piv.pin_tries() == 3
    with pytest.raises(SecurityNotSatisfied):
        piv.put_data(0x5FC109, b"\x01\x00")


# -- PIN and PUK ---------------------------------------------------------------------------


def test_pin_blocks_after_three_wrong_tries_and_the_puk_unblocks_it(
    state: Path, issued: IssuedCard
) -> None:
    piv = _client(state)
    for left in (2, 1):
        with pytest.raises(WrongPin) as info:
            piv.verify("000000")
        assert info.value.tries_left == left and not info.value.puk
    with pytest.raises(PinBlocked):
        piv.verify("000000")
    with pytest.raises(PinBlocked):
        piv.verify(PIN)
    assert piv.pin_tries() == 0
    with pytest.raises(WrongPin) as info:
        piv.unblock("11111111", "135790")
    assert info.value.puk and info.value.tries_left == 2
    piv.unblock(PUK, "135790")
    assert piv.pin_tries() == 3
    piv.verify("135790")
    assert VirtualPivCard(state).puk_tries == 3


def test_wrong_puk_blocks_the_puk(state: Path, issued: IssuedCard) -> None:
    piv = _client(state)
    for left in (2, 1):
        with pytest.raises(WrongPin) as info:
            piv.unblock("11111111", "135790")
        assert info.value.tries_left == left and info.value.puk
    with pytest.raises(PinBlocked) as blocked:
        piv.unblock("11111111", "135790")
    assert blocked.value.puk
    with pytest.raises(PinBlocked):
        piv.unblock(PUK, "135790")
    assert _raw(piv, "00200081")[1] == 0x6983
    piv.verify(PIN)  # the PIN itself still works


def test_change_reference_of_pin_and_puk(state: Path, issued: IssuedCard) -> None:
    piv = _client(state)
    with pytest.raises(WrongPin) as info:
        piv.change_reference("999999", "111111")
    assert info.value.tries_left == 2
    piv.change_reference(PIN, "11223344")
    assert piv.pin_tries() == 3
    piv.verify("11223344")
    piv.change_reference(PUK, "55667788", puk=True)
    with pytest.raises(WrongPin):
        piv.unblock(PUK, "123123")
    piv.unblock("55667788", "123123")
    piv.verify("123123")
    assert _raw(piv, "002400800F" + "31" * 15)[1] == 0x6A80  # not two 8-byte blocks


def test_tries_left_persist_across_insertions_but_the_verified_pin_does_not(
    state: Path, issued: IssuedCard
) -> None:
    piv = _client(state)
    with pytest.raises(WrongPin):
        piv.verify("000000")
    assert _client(state).pin_tries() == 2
    piv = _client(state)
    piv.verify(PIN)
    assert piv.pin_tries() is None
    assert _client(state).pin_tries() == 3


def test_state_file_is_private_and_written_atomically(state: Path, issued: IssuedCard) -> None:
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    piv = _client(state)
    with pytest.raises(WrongPin):
        piv.verify("000000")
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert sorted(p.name for p in state.parent.iterdir()) == [state.name]
    fresh = state.with_name("fresh.json")
    VirtualPivCard(fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_blank_overwrites_a_card(state: Path, issued: IssuedCard) -> None:
    card = VirtualPivCard.blank(state)
    assert card.public_key(Slot.AUTHENTICATION) is None
    assert card.data_object(CHUID) is None
    _client(state).verify(BLANK.pin)


# -- data objects ---------------------------------------------------------------------------


def test_printed_information_is_readable_only_after_verify(state: Path) -> None:
    piv = _client(state)
    with pytest.raises(SecurityNotSatisfied):
        piv.get_data(PRINTED_INFORMATION)
    piv.verify(BLANK.pin)
    value = piv.get_data(PRINTED_INFORMATION)
    assert value is not None and find(value, 0x01)


def test_put_data_and_generate_need_the_management_key(state: Path) -> None:
    piv = _client(state)
    with pytest.raises(SecurityNotSatisfied):
        piv.put_data(CHUID, b"\x34\x00")
    with pytest.raises(SecurityNotSatisfied):
        piv.generate(Slot.AUTHENTICATION)
    assert _raw(piv, "00DB3FFF0A5C035FC1025303340100")[1] == 0x6982
    piv.authenticate_management(BLANK.management_key)
    public = piv.generate(Slot.CARD_AUTHENTICATION)
    assert public.public_numbers() == VirtualPivCard(state).public_key(0x9E).public_numbers()  # type: ignore[union-attr]


def test_external_authentication_with_the_management_key(state: Path) -> None:
    piv = _client(state)
    data, sw = _raw(piv, "00870C9B047C02810000")
    challenge = find(find(data, 0x7C) or b"", 0x81)
    assert sw == 0x9000 and challenge is not None and len(challenge) == 16
    encryptor = Cipher(algorithms.AES(BLANK.management_key), modes.ECB()).encryptor()  # noqa: S305
    answer = encode(0x7C, encode(0x82, encryptor.update(challenge) + encryptor.finalize()))
    assert _raw(piv, f"00870C9B{len(answer):02X}{answer.hex()}")[1] == 0x9000
    piv.put_data(0x5FC107, b"\xf0\x00")  # a CCC, now allowed
    assert piv.get_data(0x5FC107) == b"\xf0\x00"


def test_big_object_is_chained_in_and_read_back_with_get_response(state: Path) -> None:
    piv = _client(state)
    piv.authenticate_management(BLANK.management_key)
    big = encode(0x70, os.urandom(1500)) + encode(0x71, b"\x00") + encode(0xFE, b"")
    connection = piv.connection
    assert isinstance(connection, InProcessConnection)
    connection.sent.clear()
    piv.put_data(0x5FC105, big)
    assert [apdu[0] for apdu in connection.sent] == [0x10] * 5 + [0x00]
    # OpenSC's length probe: Le=08 gets 8 bytes and 61 xx.
    probe, sw = _raw(piv, "00CB3FFF055C035FC10508")
    assert probe[:4] == b"\x53\x82" + len(big).to_bytes(2, "big") and len(probe) == 8
    assert sw >> 8 == 0x61
    connection.sent.clear()
    assert piv.get_data(0x5FC105) == big
    answers = [apdu[1] for apdu in connection.sent]
    assert answers[0] == 0xCB and set(answers[1:]) == {0xC0} and len(answers) == 6
    assert _raw(piv, "00C0000010")[1] == 0x6985  # nothing left


def test_truncated_or_extended_apdus_are_refused(state: Path) -> None:
    piv = _client(state)
    assert _raw(piv, "00CB3F")[1] == 0x6700
    assert _raw(piv, "00CB3FFF055C01")[1] == 0x6700
    assert _raw(piv, "00CB3FFF00000300")[1] == 0x6700
    assert _raw(piv, "00CB3FFF035C02")[1] == 0x6700
    assert _raw(piv, "00CB3FFF025C0500")[1] == 0x6A80


# -- quirks --------------------------------------------------------------------------------


def test_not_piv_card(state: Path) -> None:
    piv = _client(state, frozenset({"not_piv"}))
    with pytest.raises(NotOurCard) as info:
        piv.select()
    assert info.value.reason == "not_piv"
    assert _raw(piv, "00CB3FFF035C017E00")[1] == 0x6D00
    assert _raw(piv, "0020008008313233343536FFFF")[1] == 0x6D00
    assert VirtualPivCard(state, frozenset({"not_piv"})).atr != PIV_ATR


@pytest.mark.parametrize("quirk", ["garbage", "truncated_tlv"])
def test_malformed_answers_are_refused_by_the_client(
    state: Path, issued: IssuedCard, quirk: str
) -> None:
    piv = _client(state, frozenset({quirk}))
    piv.select()
    with pytest.raises(BadResponse):
        piv.chuid()
    with pytest.raises(BadResponse):
        piv.certificate(Slot.AUTHENTICATION)
    data, sw = _raw(piv, "00CB3FFF055C035FC10200")
    assert sw == 0x9000
    with pytest.raises(ValueError):
        decode(data)


def test_pull_on_verify_leaves_the_tries_untouched(state: Path, issued: IssuedCard) -> None:
    piv = _client(state, frozenset({"pull_on_verify"}))
    piv.select()
    assert piv.pin_tries() == 3  # a status query is not pulled
    with pytest.raises(CardRemoved):
        piv.verify("000000")
    assert VirtualPivCard(state).pin_tries == 3


def test_pull_on_sign(state: Path, issued: IssuedCard) -> None:
    card = VirtualPivCard(state, frozenset({"pull_on_sign"}))
    piv = PivClient(InProcessConnection(card))
    piv.verify(PIN)
    with pytest.raises(CardRemoved):
        piv.sign(Slot.AUTHENTICATION, b"x")
    assert not card.pin_verified


def test_unknown_quirk_is_refused(state: Path) -> None:
    with pytest.raises(ValueError, match="quirk"):
        VirtualPivCard(state, frozenset({"sticky"}))


# -- vpcd link -----------------------------------------------------------------------------


class FakeVpcd:
    """A vpcd stand-in: it listens, accepts the card, and exchanges framed messages."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.server.getsockname()[1]
        self.client: socket.socket | None = None

    def accept(self) -> None:
        self.server.settimeout(10)
        self.client, _ = self.server.accept()
        self.client.settimeout(10)

    def send(self, payload: bytes) -> None:
        assert self.client is not None
        self.client.sendall(len(payload).to_bytes(2, "big") + payload)

    def receive(self) -> bytes | None:
        """One message, None when the card closed the connection."""
        assert self.client is not None
        header = self.client.recv(2, socket.MSG_WAITALL)
        if len(header) < 2:
            return None
        return self.client.recv(int.from_bytes(header, "big"), socket.MSG_WAITALL)

    def exchange(self, payload: bytes) -> bytes | None:
        self.send(payload)
        return self.receive()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.server.close()


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    fake = FakeVpcd()
    yield fake
    fake.close()


@pytest.fixture
def link(vpcd: FakeVpcd, state: Path) -> Iterator[VpcdCardLink]:
    card_link = VpcdCardLink(state, port=vpcd.port)
    yield card_link
    card_link.remove()


def test_vpcd_framing_controls_and_apdus(vpcd: FakeVpcd, link: VpcdCardLink) -> None:
    link.insert()
    vpcd.accept()
    assert not link.wait(0)  # still in
    assert vpcd.exchange(b"\x04") == PIV_ATR
    vpcd.send(b"\x01")  # power on: no answer
    answer = vpcd.exchange(bytes.fromhex("00A4040009A0000003080000100000"))
    assert answer is not None and answer[0] == 0x61 and answer[-2:] == b"\x90\x00"
    assert vpcd.exchange(bytes.fromhex("0020008008313233343536FFFF")) == b"\x90\x00"
    assert vpcd.exchange(bytes.fromhex("00200080")) == b"\x90\x00"
    vpcd.send(b"\x02")  # reset: the PIN is forgotten
    assert vpcd.exchange(bytes.fromhex("00200080")) == b"\x63\xc3"
    vpcd.send(b"\x00")  # power off
    assert vpcd.exchange(b"\x04") == PIV_ATR
    assert link.apdus == 4
    link.remove()
    assert not link.inserted
    assert vpcd.receive() is None


def test_vpcd_pull_on_verify_closes_without_answer(vpcd: FakeVpcd, state: Path) -> None:
    link = VpcdCardLink(state, port=vpcd.port, quirks=frozenset({"pull_on_verify"}))
    link.insert()
    vpcd.accept()
    assert vpcd.exchange(bytes.fromhex("0020008008313233343536FFFF")) is None
    assert link.wait(5)
    assert not link.inserted
    link.remove()


def test_vpcd_hang_up_removes_the_card(vpcd: FakeVpcd, link: VpcdCardLink) -> None:
    link.insert()
    vpcd.accept()
    assert vpcd.client is not None
    vpcd.client.close()
    vpcd.client = None
    assert link.wait(5)
    link.insert()  # and the same card goes back in
    vpcd.accept()
    assert vpcd.exchange(b"\x04") == PIV_ATR


def test_insert_without_vpcd_times_out(state: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(TimeoutError):
        VpcdCardLink(state, port=port).insert(timeout=0.3)


def test_detached_card_process(vpcd: FakeVpcd, state: Path, tmp_path: Path) -> None:
    pid_file = tmp_path / "card.pid"
    pid = insert_detached(state, vpcd.port, pid_file)
    try:
        assert pid_file.read_text().strip() == str(pid)
        vpcd.accept()
        assert vpcd.exchange(b"\x04") == PIV_ATR
        assert vpcd.exchange(bytes.fromhex("00CB3FFF035C017E00"))[-2:] == b"\x90\x00"  # type: ignore[index]
        with pytest.raises(RuntimeError, match="already"):
            insert_detached(state, vpcd.port, pid_file)
    finally:
        assert remove_detached(pid_file)
    assert vpcd.receive() is None
    assert not pid_file.exists()
    assert not remove_detached(pid_file)
