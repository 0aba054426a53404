"""HPKE base mode (RFC 9180), DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.

Sealing uses ``cryptography``'s own HPKE. Opening is written here because the recipient's
private key may be on a card: the card does the one ECDH (PIV GENERAL AUTHENTICATE on 9D)
and the host finishes the KEM and the key schedule. ``cryptography``'s ``Suite.decrypt``
needs the private key object, which a card never gives out. Tests check this module
against ``Suite.decrypt`` with software keys.

A stanza is ``enc (65 bytes) || AES-GCM(key, base_nonce, dek) (32 + 16 bytes)`` = 113 bytes.
"""

from __future__ import annotations

import hmac
from hashlib import sha256

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from kiosk.vault.recipients import KeyAgreement, public_bytes

_SUITE = hpke.Suite(hpke.KEM.P256, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_KEM_ID, _KDF_ID, _AEAD_ID = 0x0010, 0x0001, 0x0002
_KEM_SUITE = b"KEM" + _KEM_ID.to_bytes(2, "big")
_HPKE_SUITE = b"HPKE" + b"".join(i.to_bytes(2, "big") for i in (_KEM_ID, _KDF_ID, _AEAD_ID))
_ENC_LEN = 65
_MODE_BASE = b"\x00"


class StanzaError(ValueError):
    """A stanza that is malformed or does not open with this key and info."""


def seal(recipient: ec.EllipticCurvePublicKey, plaintext: bytes, info: bytes) -> bytes:
    """Wrap ``plaintext`` (a 32-byte key) to ``recipient``, bound to ``info``."""
    return _SUITE.encrypt(plaintext, recipient, info=info)


def _extract(salt: bytes, ikm: bytes) -> bytes:
    return hmac.new(salt, ikm, sha256).digest()


def _labeled_extract(suite: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return _extract(salt, b"HPKE-v1" + suite + label + ikm)


def _labeled_expand(suite: bytes, prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    labeled_info = length.to_bytes(2, "big") + b"HPKE-v1" + suite + label + info
    return HKDFExpand(hashes.SHA256(), length, labeled_info).derive(prk)


def open_stanza(recipient: KeyAgreement, stanza: bytes, info: bytes) -> bytes:
    """Unwrap a stanza with a recipient that can only do ECDH.

    Raises:
        StanzaError: the stanza is malformed, or was not sealed to this key with this info.
    """
    if len(stanza) <= _ENC_LEN + 16:
        raise StanzaError("stanza too short")
    enc, ciphertext = stanza[:_ENC_LEN], stanza[_ENC_LEN:]
    try:
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), enc)
    except ValueError as exc:
        raise StanzaError("stanza has no valid ephemeral key") from exc
    dh = recipient.exchange(ephemeral)
    # DHKEM Decap: shared_secret = ExtractAndExpand(dh, enc || pkRm)
    kem_context = enc + public_bytes(recipient.public_key())
    eae_prk = _labeled_extract(_KEM_SUITE, b"", b"eae_prk", dh)
    shared_secret = _labeled_expand(_KEM_SUITE, eae_prk, b"shared_secret", kem_context, 32)
    # KeySchedule, mode base, no PSK.
    psk_id_hash = _labeled_extract(_HPKE_SUITE, b"", b"psk_id_hash", b"")
    info_hash = _labeled_extract(_HPKE_SUITE, b"", b"info_hash", info)
    context = _MODE_BASE + psk_id_hash + info_hash
    secret = _labeled_extract(_HPKE_SUITE, shared_secret, b"secret", b"")
    key = _labeled_expand(_HPKE_SUITE, secret, b"key", context, 32)
    base_nonce = _labeled_expand(_HPKE_SUITE, secret, b"base_nonce", context, 12)
    try:
        return AESGCM(key).decrypt(base_nonce, ciphertext, b"")
    except InvalidTag as exc:
        raise StanzaError("stanza does not open with this key and info") from exc
