"""The wire protocol's pure parts: signatures, cursors, sealed values, clocks, codes."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import TypeAdapter, ValidationError

from kiosk.sync.protocol.hlc import HybridClock, pack, physical_ms
from kiosk.sync.protocol.pull import decode_cursor, encode_cursor
from kiosk.sync.protocol.relay import ConfirmationChannel, mask_address
from kiosk.sync.protocol.signing import (
    HEADER_SIGNATURE,
    SignedRequest,
    decode_public_key,
    encode_public_key,
    sign_request,
    verify_signature,
)
from kiosk.sync.protocol.stations import format_enrol_code, normalise_enrol_code
from kiosk.sync.protocol.values import Sealed


def test_a_signature_covers_method_target_body_time_nonce_and_station() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    headers = sign_request(key, "st_a", "post", "/v1/sync/push?x=1", b"{}", 1000, "n" * 22)
    signed = SignedRequest(
        "st_a", "POST", "/v1/sync/push?x=1", headers["X-Kiosk-Content-SHA256"], 1000, "n" * 22
    )
    public = decode_public_key(encode_public_key(key.public_key()))
    assert verify_signature(public, signed.message(), headers[HEADER_SIGNATURE])
    for changed in (
        SignedRequest("st_b", "POST", signed.target, signed.body_sha256, 1000, "n" * 22),
        SignedRequest("st_a", "PUT", signed.target, signed.body_sha256, 1000, "n" * 22),
        SignedRequest("st_a", "POST", "/v1/sync/push?x=2", signed.body_sha256, 1000, "n" * 22),
        SignedRequest("st_a", "POST", signed.target, "0" * 64, 1000, "n" * 22),
        SignedRequest("st_a", "POST", signed.target, signed.body_sha256, 1001, "n" * 22),
        SignedRequest("st_a", "POST", signed.target, signed.body_sha256, 1000, "m" * 22),
    ):
        assert not verify_signature(public, changed.message(), headers[HEADER_SIGNATURE])
    assert not verify_signature(public, signed.message(), "not base64!")


def test_only_p256_keys_are_accepted() -> None:
    p384 = ec.generate_private_key(ec.SECP384R1()).public_key()
    with pytest.raises(ValueError, match="P-256"):
        decode_public_key(encode_public_key(p384))
    with pytest.raises(ValueError):
        decode_public_key(base64.b64encode(b"junk").decode())


def test_cursors_round_trip_and_refuse_garbage() -> None:
    assert decode_cursor("") == {}
    assert decode_cursor(encode_cursor({"cms-a": 12, "caf": 3})) == {"cms-a": 12, "caf": 3}
    for bad in ("!!", "e30", encode_cursor({"x": 1})[:-2] + "zz"):
        with pytest.raises(ValueError):
            decode_cursor(bad)


def test_sealed_values_must_look_like_ciphertext() -> None:
    sealed = TypeAdapter(Sealed)
    assert sealed.validate_python(base64.b64encode(bytes(28)).decode())
    for bad in ("Jean Dupont", base64.b64encode(b"short").decode(), "@@@@"):
        with pytest.raises(ValidationError):
            sealed.validate_python(bad)


def test_the_hybrid_clock_never_goes_back() -> None:
    wall = [5_000]
    clock = HybridClock(lambda: wall[0])
    first = clock.now()
    wall[0] = 4_000  # the wall clock stepped back
    second = clock.now()
    assert second > first and physical_ms(second) == 5_000
    seen = clock.observe(pack(9_000, 7))
    assert seen > pack(9_000, 7) and clock.now() > seen


def test_codes_and_addresses_as_people_see_them() -> None:
    assert normalise_enrol_code("abcd-efgh o1il-2345") == "ABCDEFGH0111" + "2345"
    assert format_enrol_code("ABCDEFGHJKMNPQRS") == "ABCD-EFGH-JKMN-PQRS"
    assert mask_address(ConfirmationChannel.SMS, "+33 6 12 34 56 78") == "+3••••••••78"
    assert mask_address(ConfirmationChannel.EMAIL, "zoe@example.org") == "z•••@example.org"
