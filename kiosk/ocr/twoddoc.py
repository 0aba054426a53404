"""2D-Doc: the signed DataMatrix of French documents (ANTS), decoded with zxing-cpp.

Layout (design/OCR.md section 4): ``header + message + US + Base32 signature [+ GS + annex]``.
The header is ``DC``, a version (2), the certification authority (4), the certificate id (4),
the issue and signature dates (4 hex digits each, days since 2000-01-01, ``FFFF`` = none)
and the document type (2); version 03 adds a perimeter (2), version 04 a perimeter and a
country (2 + 2). Each data field is a 2-character id and a value; variable-length values end
with GS (or at the end of the message).

The signature is ECDSA (P-256 with SHA-256 for the current authorities) over the bytes before
US, its raw ``r || s`` in Base32. It is checked against the certificates the station holds
(:class:`CertificateStore`, filled from the ANTS trust list by the sync); without the right
certificate the verdict is :data:`NOT_VERIFIED`, never a silent "valid". zxing's ``.bytes``
is read, not ``.text``, which shows GS and US as the literal text ``<GS>`` and ``<US>``.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import zxingcpp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.logs import log_payload
from kiosk.ocr.image import Gray

log = logging.getLogger(__name__)

GS, US = "\x1d", "\x1f"
NOT_VERIFIED = "non vérifié"
"""The verdict when the station has no certificate for the signer."""
_EPOCH = dt.date(2000, 1, 1)
_HEADER_LENGTH = {"01": 22, "02": 22, "03": 24, "04": 26}

# Fixed lengths of the fields we read (ANTS spec v3, perimeter 01); other ids are taken as
# variable length, ended by GS. Avis d'impôt (type 04... as in design/OCR.md):
# 41 RFR, 43 parts, 44 reference (13), 45 income year (4), 46/48 declarants,
# 47/49 tax numbers (13), 4A recovery date (8, DDMMYYYY).
FIXED_LENGTHS: Mapping[str, int] = {"44": 13, "45": 4, "47": 13, "49": 13, "4A": 8}

AVIS_FIELDS: Mapping[str, str] = {
    "47": "numero_fiscal",
    "44": "reference_avis",
    "41": "revenu_fiscal_reference",
    "45": "annee_revenus",
    "43": "nombre_parts",
}


class CertificateStore(Protocol):
    """The 2D-Doc signing certificates the station knows."""

    def certificate(self, authority: str, certificate_id: str) -> x509.Certificate | None:
        """The certificate ``certificate_id`` of ``authority`` (``"FR01"``...), or None."""
        ...


class NoCertificates:
    """A store with no certificate: every 2D-Doc is "non vérifié"."""

    def certificate(self, authority: str, certificate_id: str) -> x509.Certificate | None:
        """Always None."""
        return None


class MemoryCertificateStore:
    """Certificates kept in memory, keyed by (authority, certificate id)."""

    def __init__(self, certificates: Mapping[tuple[str, str], x509.Certificate]) -> None:
        self._certificates = dict(certificates)

    def certificate(self, authority: str, certificate_id: str) -> x509.Certificate | None:
        """The certificate, or None."""
        return self._certificates.get((authority, certificate_id))


class DirectoryCertificateStore:
    """Certificates as files ``<authority>_<certificate id>.der`` (or ``.pem``) in a folder,
    as the sync caches them from the ANTS trust list."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def certificate(self, authority: str, certificate_id: str) -> x509.Certificate | None:
        """The certificate read from its file, or None if absent or unreadable."""
        stem = f"{authority}_{certificate_id}"
        if not (stem.isascii() and stem.replace("_", "").isalnum()):
            return None
        for suffix, load in (
            (".der", x509.load_der_x509_certificate),
            (".pem", x509.load_pem_x509_certificate),
        ):
            path = self._folder / (stem + suffix)
            if path.is_file():
                try:
                    return load(path.read_bytes())
                except ValueError:
                    log.warning("2D-Doc: unreadable certificate file %s", path.name)
        return None


@dataclass(frozen=True, slots=True)
class TwoDDoc:
    """A decoded 2D-Doc.

    Attributes:
        version: header version (``"04"``...).
        authority: certification authority id (``"FR00"`` is the test authority).
        certificate_id: the signing certificate's id.
        issued: issue date, if given.
        signed: signature date, if given.
        document_type: ANTS document type id (``"04"`` for the avis d'impôt...).
        fields: data field id -> value, as encoded.
        verified: True (signature checked), False (it does not match) or
            :data:`NOT_VERIFIED` (no certificate, or no signature).
        box: (left, top, width, height) of the symbol in the image.
    """

    version: str
    authority: str
    certificate_id: str
    issued: dt.date | None
    signed: dt.date | None
    document_type: str
    fields: dict[str, str] = field(default_factory=dict)
    verified: bool | str = NOT_VERIFIED
    box: tuple[int, int, int, int] = (0, 0, 0, 0)


class Malformed2DDoc(ValueError):
    """The symbol's content is not a 2D-Doc this parser understands."""


def _date(hex_days: str) -> dt.date | None:
    if hex_days.upper() == "FFFF":
        return None
    try:
        return _EPOCH + dt.timedelta(days=int(hex_days, 16))
    except ValueError as exc:
        raise Malformed2DDoc("bad date") from exc


def parse_fields(message: str) -> dict[str, str]:
    """The data fields of a 2D-Doc message (the part after the header, before US)."""
    fields: dict[str, str] = {}
    position = 0
    while position + 2 <= len(message):
        identifier = message[position : position + 2]
        position += 2
        length = FIXED_LENGTHS.get(identifier)
        if length is not None:
            value = message[position : position + length]
            stop = value.find(GS)
            if stop >= 0:  # a shortened fixed field ends with GS
                value, length = value[:stop], stop + 1
            position += length
        else:
            stop = message.find(GS, position)
            stop = len(message) if stop < 0 else stop
            value = message[position:stop]
            position = stop + 1
        fields[identifier] = value
    return fields


def _signature(text: str) -> bytes | None:
    compact = text.strip().rstrip("=")
    if not compact:
        return None
    try:
        return base64.b32decode(compact + "=" * (-len(compact) % 8))
    except ValueError:
        return None


def verify(
    signed_data: bytes, signature: bytes | None, certificate: x509.Certificate | None
) -> bool | str:
    """ECDSA verdict over ``signed_data``: True, False, or :data:`NOT_VERIFIED`.

    A 2D-Doc without a signature is False (the standard requires one); a signature that
    the station has no certificate for is :data:`NOT_VERIFIED`.
    """
    if signature is None:
        return False
    if certificate is None:
        return NOT_VERIFIED
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or len(signature) % 2:
        return False
    half = len(signature) // 2
    der = encode_dss_signature(
        int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
    )
    algorithm: hashes.HashAlgorithm = {256: hashes.SHA256(), 384: hashes.SHA384()}.get(
        key.curve.key_size, hashes.SHA512()
    )
    try:
        key.verify(der, signed_data, ec.ECDSA(algorithm))
    except InvalidSignature:
        return False
    return True


def parse(content: bytes, store: CertificateStore | None = None) -> TwoDDoc:
    """Parse and verify the content of a 2D-Doc symbol.

    Raises:
        Malformed2DDoc: not a 2D-Doc, or a header this parser does not know.
    """
    text = content.decode("latin-1")
    if not text.startswith("DC") or len(text) < 22:
        raise Malformed2DDoc("no DC header")
    version = text[2:4]
    header_length = _HEADER_LENGTH.get(version)
    if header_length is None:
        raise Malformed2DDoc(f"unknown version {version!r}")
    before, _, after = text.partition(US)
    signature_text = after.split(GS, 1)[0]
    authority, certificate_id = text[4:8], text[8:12]
    store = store or NoCertificates()
    return TwoDDoc(
        version=version,
        authority=authority,
        certificate_id=certificate_id,
        issued=_date(text[12:16]),
        signed=_date(text[16:20]),
        document_type=text[20:22],
        fields=parse_fields(before[header_length:]),
        verified=verify(
            before.encode("latin-1"),
            _signature(signature_text),
            store.certificate(authority, certificate_id),
        ),
    )


def read_2ddoc(
    gray: Gray, store: CertificateStore | None = None, thorough: bool = False
) -> TwoDDoc | None:
    """Find, decode and verify the 2D-Doc in ``gray``; None if there is none.

    ``thorough`` adds zxing's rotated and inverted passes (about 5x the time)."""
    # DataMatrix finding is rotation-free; the 90-degree and inverted passes only cost time
    # (250 ms -> 40-60 ms on an 8 MP frame).
    barcodes = zxingcpp.read_barcodes(
        gray,
        formats=zxingcpp.barcode_formats_from_str("DataMatrix"),
        try_rotate=thorough,
        try_invert=thorough,
    )
    for barcode in barcodes:
        content = bytes(barcode.bytes)
        if not content.startswith(b"DC"):
            continue
        log_payload(log, "2D-Doc", content)
        try:
            document = parse(content, store)
        except Malformed2DDoc as exc:
            log.info("2D-Doc not understood: %s", exc)
            continue
        position = barcode.position
        xs = [
            position.top_left.x,
            position.top_right.x,
            position.bottom_right.x,
            position.bottom_left.x,
        ]
        ys = [
            position.top_left.y,
            position.top_right.y,
            position.bottom_right.y,
            position.bottom_left.y,
        ]
        box = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        return TwoDDoc(
            document.version,
            document.authority,
            document.certificate_id,
            document.issued,
            document.signed,
            document.document_type,
            document.fields,
            document.verified,
            box,
        )
    return None


def avis_fields(document: TwoDDoc) -> dict[str, str]:
    """Canonical avis d'imposition fields of a 2D-Doc, normalised (design/OCR.md)."""
    found: dict[str, str] = {}
    for identifier, name in AVIS_FIELDS.items():
        value = document.fields.get(identifier, "").strip()
        if not value:
            continue
        if name == "revenu_fiscal_reference":
            digits = "".join(c for c in value if c.isdigit())
            value = str(int(digits)) if digits else value
        elif name == "nombre_parts":
            value = value.replace(",", ".")
            if "." in value:
                value = (
                    value.rstrip("0").rstrip(".") if value.split(".")[1].strip("0") == "" else value
                )
        found[name] = value
    return found
