"""2D-Doc (ANTS) payloads for the synthetic avis d'impôt, signed with a *test* key.

Layout: header ``DC04`` (26 characters) + message + ``US`` (0x1F) + Base32 signature.
The header names the test certification authority ``FR00`` and the certificate ``DSY1``;
the signature is ECDSA P-256 / SHA-256 over the bytes before ``US``, raw r||s, Base32
without padding. Signing is deterministic (RFC 6979), so payloads depend only on the seed.

The matching self-signed certificate is :func:`test_certificate_pem`; a pipeline that wants
to verify synthetic 2D-Docs must trust it for (``FR00``, ``DSY1``) and nothing real.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import zxingcpp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.x509.oid import NameOID
from PIL import Image

GS = "\x1d"
US = "\x1f"
CA_ID = "FR00"  # the ANTS test certification authority
CERT_ID = "DSY1"
EPOCH = date(2000, 1, 1)

# Fixed-length data identifiers used here (others are variable and end with GS).
FIXED = {"40": 13, "44": 13, "45": 4, "47": 13, "49": 13, "4A": 8, "24": 5, "26": 2}


def hex_days(d: date | None) -> str:
    return "FFFF" if d is None else f"{(d - EPOCH).days:04X}"


def header(doc_type: str, *, issued: date | None, signed: date, perimeter: str = "01",
           country: str = "FR") -> str:
    return f"DC04{CA_ID}{CERT_ID}{hex_days(issued)}{hex_days(signed)}{doc_type}" \
           f"{perimeter}{country}"


def message(fields: list[tuple[str, str]]) -> str:
    out = []
    for i, (ident, value) in enumerate(fields):
        width = FIXED.get(ident)
        if width is not None and len(value) != width:
            raise ValueError(f"2D-Doc field {ident} needs {width} characters: {value!r}")
        out.append(ident + value)
        if width is None and i < len(fields) - 1:
            out.append(GS)
    return "".join(out)


def _private_key() -> ec.EllipticCurvePrivateKey:
    secret = int.from_bytes(hashlib.sha256(b"docsynth 2D-Doc test key, not a real CA").digest())
    return ec.derive_private_key(secret % (2**255), ec.SECP256R1())


def public_key() -> ec.EllipticCurvePublicKey:
    return _private_key().public_key()


def sign(data: bytes) -> str:
    der = _private_key().sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return base64.b32encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class TwoDDoc:
    payload: bytes
    mode: str  # "signed", "bad_signature" or "unsigned"

    @property
    def valid(self) -> bool:
        return verify(self.payload)


def build(head: str, fields: list[tuple[str, str]], *, mode: str = "signed") -> TwoDDoc:
    """``mode``: ``signed`` (verifies), ``bad_signature`` (a signature that does not match
    the data) or ``unsigned`` (no ``US`` part)."""
    data = (head + message(fields)).encode("ascii")
    if mode == "unsigned":
        return TwoDDoc(data, mode)
    if mode == "signed":
        sig = sign(data)
    elif mode == "bad_signature":
        sig = sign(data + b"tampered")
    else:
        raise ValueError(mode)
    return TwoDDoc(data + US.encode() + sig.encode(), mode)


def verify(payload: bytes) -> bool:
    """Check a payload against the test key; False when unsigned or wrong."""
    if US.encode() not in payload:
        return False
    data, _, rest = payload.partition(US.encode())
    sig_b32 = rest.split(GS.encode())[0].decode("ascii")
    try:
        raw = base64.b32decode(sig_b32 + "=" * (-len(sig_b32) % 8))
    except ValueError:
        return False
    if len(raw) != 64:
        return False
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    try:
        public_key().verify(der, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def parse_message(payload: bytes, known: dict[str, int] | None = None) -> tuple[str,
                                                                                dict[str, str]]:
    """Split a payload made here into its header and ``{id: value}`` (for tests)."""
    text = payload.decode("ascii").split(US)[0]
    head, body = text[:26], text[26:]
    widths = FIXED if known is None else known
    fields: dict[str, str] = {}
    i = 0
    while i < len(body):
        ident = body[i:i + 2]
        i += 2
        width = widths.get(ident)
        if width is not None:
            fields[ident] = body[i:i + width]
            i += width
        else:
            end = body.find(GS, i)
            end = len(body) if end < 0 else end
            fields[ident] = body[i:end]
            i = end + 1
    return head, fields


def datamatrix(payload: bytes, module_px: int) -> Image.Image:
    """The DataMatrix (ECC200) as a 1-bit-looking L image, quiet zone included."""
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.DataMatrix)
    img = zxingcpp.write_barcode_to_image(barcode, scale=module_px, add_quiet_zones=True)
    return Image.fromarray(np.asarray(img, dtype=np.uint8), mode="L")


def test_certificate_pem() -> bytes:
    """Self-signed X.509 certificate of the test key (fixed dates, deterministic)."""
    key = _private_key()
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "docsynth TEST - not a real 2D-Doc CA"),
        x509.NameAttribute(NameOID.COMMON_NAME, CERT_ID),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(0x2DD0C)
        .not_valid_before(datetime(2020, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2045, 1, 1, tzinfo=UTC))
        .sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    )
    return cert.public_bytes(serialization.Encoding.PEM)
