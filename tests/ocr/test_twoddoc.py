"""2D-Doc: header and fields, signature verified against the station's certificates only."""

from __future__ import annotations

import base64
import datetime as dt

import numpy as np
import zxingcpp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from kiosk.ocr import twoddoc
from kiosk.ocr.twoddoc import NOT_VERIFIED, MemoryCertificateStore, avis_fields

GS, US = "\x1d", "\x1f"
HEADER = "DC04FR00TST1" + "2A3B" + "2A3C" + "04" + "01" + "FR"
MESSAGE = f"432,5{GS}442310A12345678452022" + f"46DUPONT JEAN{GS}47302321760005341" + f"42902{GS}"


def _signed(key: ec.EllipticCurvePrivateKey, message: str = MESSAGE) -> bytes:
    data = (HEADER + message).encode("latin-1")
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return data + US.encode() + base64.b32encode(raw).rstrip(b"=")


def _certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TST1")])
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )


def test_header_and_avis_fields() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    document = twoddoc.parse(_signed(key))
    assert (document.version, document.authority, document.certificate_id) == ("04", "FR00", "TST1")
    assert document.document_type == "04"
    assert document.issued == dt.date(2000, 1, 1) + dt.timedelta(days=0x2A3B)
    assert avis_fields(document) == {
        "numero_fiscal": "3023217600053",
        "reference_avis": "2310A12345678",
        "revenu_fiscal_reference": "42902",
        "annee_revenus": "2022",
        "nombre_parts": "2.5",
    }


def test_without_certificate_it_is_honestly_not_verified() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    assert twoddoc.parse(_signed(key)).verified == NOT_VERIFIED


def test_signature_verified_with_the_station_certificate() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    store = MemoryCertificateStore({("FR00", "TST1"): _certificate(key)})
    assert twoddoc.parse(_signed(key), store).verified is True


def test_tampered_content_fails() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    store = MemoryCertificateStore({("FR00", "TST1"): _certificate(key)})
    tampered = _signed(key).replace(b"42902", b"12902")
    assert twoddoc.parse(tampered, store).verified is False


def test_other_key_fails() -> None:
    key, other = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    store = MemoryCertificateStore({("FR00", "TST1"): _certificate(other)})
    assert twoddoc.parse(_signed(key), store).verified is False


def test_decoded_from_an_image() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    symbol = zxingcpp.create_barcode(_signed(key), zxingcpp.BarcodeFormat.DataMatrix)
    image = np.asarray(zxingcpp.write_barcode_to_image(symbol, scale=6), dtype=np.uint8)
    page = np.full((900, 700), 255, np.uint8)
    page[100 : 100 + image.shape[0], 300 : 300 + image.shape[1]] = image
    document = twoddoc.read_2ddoc(page)
    assert document is not None
    assert document.fields["47"] == "3023217600053"
    assert document.box[0] >= 290


def test_not_a_2ddoc() -> None:
    symbol = zxingcpp.create_barcode(b"hello", zxingcpp.BarcodeFormat.DataMatrix)
    image = np.asarray(zxingcpp.write_barcode_to_image(symbol, scale=6), dtype=np.uint8)
    assert twoddoc.read_2ddoc(np.pad(image, 40, constant_values=255)) is None
