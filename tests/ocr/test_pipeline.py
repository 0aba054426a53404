"""The whole pipeline on a few committed docsynth pages (real tesseract, ~1 s a page)."""

from __future__ import annotations

import io
import random

from docsynth.photo import photograph
from docsynth.render import render
from kiosk.domain.documents import DocumentType
from kiosk.ocr.pipeline import read_document
from kiosk.ocr.twoddoc import MemoryCertificateStore

from .conftest import seed_bytes, seed_truth


def test_clean_rib_fields_exact() -> None:
    truth = seed_truth("0003_rib_classic.png")
    reading = read_document(seed_bytes("0003_rib_classic.png"))
    assert reading.type == DocumentType.RIB
    assert reading.fields["iban"].value == truth["fields"]["iban"]
    assert reading.fields["iban"].valid is True
    assert reading.fields["bic"].value == truth["fields"]["bic"]
    assert reading.image is not None and reading.image.ndim == 2
    assert {"decode", "detect", "ocr", "total"} <= set(reading.timings_ms)


def test_iban_with_wrong_key_is_read_but_invalid() -> None:
    truth = seed_truth("bad00_iban_wrong_key_photo.jpg")
    reading = read_document(seed_bytes("bad00_iban_wrong_key_photo.jpg"))
    assert reading.type == DocumentType.RIB
    iban = reading.fields["iban"]
    assert iban.valid is False  # never shown as valid
    assert iban.value == truth["fields"]["iban"]  # as printed, not "corrected"


def _bad_card() -> tuple[bytes, dict[str, str], set[str]]:
    for attempt in range(30):
        sample = render(
            "cni", random.Random(f"bad-card-{attempt}"), dpi=300, invalid=True, variant="td1_card"
        )
        if sample.invalid:
            buffer = io.BytesIO()
            sample.image.convert("RGB").save(buffer, format="PNG")
            return buffer.getvalue(), sample.fields, sample.invalid
    raise AssertionError("docsynth gave no invalid card")


def test_mrz_with_wrong_check_digit() -> None:
    data, truth, invalid = _bad_card()
    reading = read_document(data)
    assert reading.type == DocumentType.CNI
    assert reading.fields["mrz_valide"].value is False
    for name in invalid:
        assert reading.fields[name].valid is False
        assert reading.fields[name].value == truth[name]  # as printed, not repaired


def test_mrz_photo_never_shown_valid() -> None:
    reading = read_document(seed_bytes("bad01_mrz_wrong_check_photo.jpg"))
    for name in ("mrz_valide", *seed_truth("bad01_mrz_wrong_check_photo.jpg")["invalid"]):
        assert name not in reading.fields or reading.fields[name].valid is not True


def test_upside_down_page_is_turned() -> None:
    sample = render("rib", random.Random("flip"), dpi=150, invalid=False, variant="classic")
    photo = photograph(
        sample.image,
        sample.size_mm,
        random.Random("flip:photo"),
        severity="mild",
        frame=(1632, 2176),
        rotation=180,
    )
    reading = read_document(photo.jpeg)
    assert reading.orientation == 180
    assert reading.type == DocumentType.RIB
    assert reading.fields["iban"].value == sample.fields["iban"]


def test_upside_down_seed_photo_is_turned_and_not_mistyped() -> None:
    truth = seed_truth("bad02_upside_down_photo.jpg")
    reading = read_document(seed_bytes("bad02_upside_down_photo.jpg"))
    assert reading.orientation == 180
    # ~100 dpi and defocused: it may stay unclassified, but never becomes another type
    assert reading.type.value in (truth["type"], "autre")


def test_avis_2ddoc_verified_with_the_test_certificate(test_store: MemoryCertificateStore) -> None:
    truth = seed_truth("0004_avis_imposition_page.png")
    data = seed_bytes("0004_avis_imposition_page.png")
    reading = read_document(data, test_store)
    assert reading.type == DocumentType.AVIS_IMPOSITION
    assert reading.fields["2ddoc_valide"].value is True
    for name in ("numero_fiscal", "reference_avis", "revenu_fiscal_reference"):
        assert reading.fields[name].value == truth["fields"][name]
    unverified = read_document(data)  # no certificate on the station
    assert unverified.fields["2ddoc_valide"].value == "non vérifié"
    assert unverified.fields["2ddoc_valide"].valid is None
