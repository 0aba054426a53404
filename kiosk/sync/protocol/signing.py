"""Request signing: every call after enrolment is signed with the station's P-256 key.

The station signs, with ECDSA P-256 / SHA-256, the UTF-8 lines::

    kiosk-sync-v1
    <METHOD>                      upper case
    <target>                      raw path, plus "?" and the raw query when there is one
    <body SHA-256, lower hex>     of the exact bytes sent (empty body: SHA-256 of b"")
    <timestamp>                   Unix seconds, station clock corrected by /v1/time
    <nonce>                       16+ random bytes, base64url without padding
    <station id>

joined by ``\\n`` (no trailing newline), and sends the headers ``X-Kiosk-Station``,
``X-Kiosk-Timestamp``, ``X-Kiosk-Nonce``, ``X-Kiosk-Content-SHA256`` and
``X-Kiosk-Signature`` (base64 of the DER signature).

The server refuses a timestamp more than :data:`CLOCK_SKEW_SECONDS` away from its clock
(``clock_skew``, with its own time so the station can correct itself and tell the person),
a nonce it has already seen within that window (``replayed``), and a body whose hash is not
the one signed (``body_hash_mismatch``). Headers other than these are not signed: what
matters (offsets, cursors) travels in the path or the query.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.sync.protocol.stations import normalise_enrol_code

SIGNATURE_DOMAIN = "kiosk-sync-v1"
ENROLMENT_DOMAIN = "kiosk-enrol-v1"
CLOCK_SKEW_SECONDS = 300
NONCE_BYTES = 16

HEADER_STATION = "X-Kiosk-Station"
HEADER_TIMESTAMP = "X-Kiosk-Timestamp"
HEADER_NONCE = "X-Kiosk-Nonce"
HEADER_CONTENT_SHA256 = "X-Kiosk-Content-SHA256"
HEADER_SIGNATURE = "X-Kiosk-Signature"
SIGNED_HEADERS = (
    HEADER_STATION,
    HEADER_TIMESTAMP,
    HEADER_NONCE,
    HEADER_CONTENT_SHA256,
    HEADER_SIGNATURE,
)

NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """What a signature covers.

    Attributes:
        station_id: the signer.
        method: HTTP method, upper case.
        target: raw path, plus ``?`` and the raw query if any.
        body_sha256: lower-hex SHA-256 of the body.
        timestamp: Unix seconds.
        nonce: base64url random string, never reused.
    """

    station_id: str
    method: str
    target: str
    body_sha256: str
    timestamp: int
    nonce: str

    def message(self) -> bytes:
        """The bytes signed."""
        lines = (
            SIGNATURE_DOMAIN,
            self.method.upper(),
            self.target,
            self.body_sha256,
            str(self.timestamp),
            self.nonce,
            self.station_id,
        )
        return "\n".join(lines).encode("utf-8")


def body_sha256(body: bytes) -> str:
    """Lower-hex SHA-256 of a request body."""
    return hashlib.sha256(body).hexdigest()


def new_nonce() -> str:
    """A fresh random nonce."""
    return base64.urlsafe_b64encode(secrets.token_bytes(NONCE_BYTES)).rstrip(b"=").decode()


def request_target(raw_path: str, raw_query: str) -> str:
    """The signed target: path, plus ``?query`` when the query is not empty."""
    return f"{raw_path}?{raw_query}" if raw_query else raw_path


def sign_request(
    key: ec.EllipticCurvePrivateKey,
    station_id: str,
    method: str,
    target: str,
    body: bytes,
    timestamp: int,
    nonce: str | None = None,
    *,
    digest: str | None = None,
) -> dict[str, str]:
    """The headers that sign one request.

    Args:
        key: the station's private key (P-256).
        station_id: the id received at enrolment.
        method: HTTP method.
        target: see :func:`request_target` (use the bytes actually sent).
        body: the exact body bytes.
        timestamp: Unix seconds on the server's clock as the station estimates it.
        nonce: a fresh nonce (generated when omitted).
        digest: ``body_sha256(body)`` when the caller has it already (a large body, signed
            again after a refusal, or hashed ahead while the previous request was out).
    """
    content = body_sha256(body) if digest is None else digest
    signed = SignedRequest(
        station_id, method.upper(), target, content, timestamp, nonce or new_nonce()
    )
    signature = key.sign(signed.message(), ec.ECDSA(hashes.SHA256()))
    return {
        HEADER_STATION: station_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_NONCE: signed.nonce,
        HEADER_CONTENT_SHA256: signed.body_sha256,
        HEADER_SIGNATURE: base64.b64encode(signature).decode("ascii"),
    }


def verify_signature(key: ec.EllipticCurvePublicKey, message: bytes, signature: str) -> bool:
    """True if ``signature`` (base64 DER) is ``key``'s ECDSA-SHA256 signature of ``message``."""
    try:
        raw = base64.b64decode(signature, validate=True)
        key.verify(raw, message, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def encode_public_key(key: ec.EllipticCurvePublicKey) -> str:
    """Base64 of the DER SubjectPublicKeyInfo."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def decode_public_key(text: str) -> ec.EllipticCurvePublicKey:
    """The P-256 public key in ``text`` (see :func:`encode_public_key`).

    Raises:
        ValueError: not base64 DER, or not a P-256 key.
    """
    try:
        key = serialization.load_der_public_key(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError, TypeError) as error:
        raise ValueError(f"not a public key: {error}") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("not a P-256 public key")
    return key


def enrolment_message(code: str, public_key: str) -> bytes:
    """What a station signs to prove it holds the key it enrols with (code normalised)."""
    return "\n".join((ENROLMENT_DOMAIN, normalise_enrol_code(code), public_key)).encode("utf-8")


def sign_enrolment(key: ec.EllipticCurvePrivateKey, code: str) -> tuple[str, str]:
    """The (public key, proof) pair to send with an enrolment code."""
    public = encode_public_key(key.public_key())
    proof = key.sign(enrolment_message(code, public), ec.ECDSA(hashes.SHA256()))
    return public, base64.b64encode(proof).decode("ascii")
