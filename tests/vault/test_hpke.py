"""Our HPKE opener (ECDH done by a recipient object) against cryptography's own HPKE."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hpke as reference
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.vault import hpke
from kiosk.vault.recipients import SoftwareKeyAgreement

SUITE = reference.Suite(reference.KEM.P256, reference.KDF.HKDF_SHA256, reference.AEAD.AES_256_GCM)


@pytest.mark.parametrize("size", [1, 32, 100])
def test_opens_what_the_reference_seals(size: int) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    stanza = SUITE.encrypt(bytes(range(size)), key.public_key(), info=b"label")
    assert hpke.open_stanza(SoftwareKeyAgreement(key), stanza, b"label") == bytes(range(size))


def test_reference_opens_what_we_seal() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    stanza = hpke.seal(key.public_key(), b"k" * 32, b"info")
    assert len(stanza) == 113
    assert SUITE.decrypt(stanza, key, info=b"info") == b"k" * 32


def test_wrong_info_or_key_or_bytes_fail() -> None:
    holder = SoftwareKeyAgreement.generate()
    stanza = hpke.seal(holder.public_key(), b"k" * 32, b'{"level":2}')
    with pytest.raises(hpke.StanzaError):
        hpke.open_stanza(holder, stanza, b'{"level":3}')
    with pytest.raises(hpke.StanzaError):
        hpke.open_stanza(SoftwareKeyAgreement.generate(), stanza, b'{"level":2}')
    flipped = bytearray(stanza)
    flipped[-1] ^= 1
    with pytest.raises(hpke.StanzaError):
        hpke.open_stanza(holder, bytes(flipped), b'{"level":2}')
    with pytest.raises(hpke.StanzaError, match="too short"):
        hpke.open_stanza(holder, stanza[:70], b'{"level":2}')
    not_a_point = b"\x04" + b"\x01" * 64 + stanza[65:]
    with pytest.raises(hpke.StanzaError, match="ephemeral"):
        hpke.open_stanza(holder, not_a_point, b'{"level":2}')
