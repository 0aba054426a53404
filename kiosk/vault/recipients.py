"""Who keys are wrapped to, and the one operation a recipient must offer: ECDH.

A recipient's private key may live on a smart card (PIV key 9D), in an HSM, or in memory
for the tests. The vault only needs the public key and "do ECDH with my private key", so a
card plugs in without the vault changing.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


class KeyAgreement(Protocol):
    """Something that holds a P-256 private key and can do ECDH with it."""

    def public_key(self) -> ec.EllipticCurvePublicKey:
        """The public half, as wrapped to."""
        ...

    def exchange(self, peer: ec.EllipticCurvePublicKey) -> bytes:
        """ECDH with ``peer``: the 32-byte x coordinate of the shared point (PIV returns this)."""
        ...


class SoftwareKeyAgreement:
    """A P-256 private key held in memory (tests, escrow recovery tool)."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError("only P-256 keys are supported")
        self._key = private_key

    @classmethod
    def generate(cls) -> SoftwareKeyAgreement:
        """A fresh random key pair."""
        return cls(ec.generate_private_key(ec.SECP256R1()))

    def public_key(self) -> ec.EllipticCurvePublicKey:
        """The public half."""
        return self._key.public_key()

    def exchange(self, peer: ec.EllipticCurvePublicKey) -> bytes:
        """ECDH with ``peer``."""
        return self._key.exchange(ec.ECDH(), peer)


def public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    """The uncompressed SEC1 point (65 bytes), as HPKE serialises it."""
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def fingerprint(key: ec.EllipticCurvePublicKey) -> str:
    """SHA-256 (hex) of the DER SubjectPublicKeyInfo: the name of a recipient in the vault."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def load_public_key(pem: bytes) -> ec.EllipticCurvePublicKey:
    """Load a P-256 public key from PEM (the escrow key of the station file)."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("expected a P-256 public key")
    return key
