"""Validity verdicts at boundary dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kiosk.domain.documents import Document, DocumentType, ExtractedField
from kiosk.domain.validity import (
    Validity,
    assess_validity,
    document_validity,
    good_until,
    latest_tax_year,
)

ID_TYPES = [DocumentType.CNI, DocumentType.PASSEPORT, DocumentType.TITRE_SEJOUR]


@pytest.mark.parametrize("doc_type", ID_TYPES)
@pytest.mark.parametrize(
    ("at", "verdict"),
    [
        (date(2030, 5, 9), Validity.VALID),
        (date(2030, 5, 10), Validity.VALID),
        (date(2030, 5, 11), Validity.EXPIRED),
        (date(2031, 1, 1), Validity.EXPIRED),
    ],
)
def test_identity_expiry_boundary(doc_type: DocumentType, at: date, verdict: Validity) -> None:
    assert assess_validity(doc_type, {"date_expiration": "2030-05-10"}, at) is verdict


@pytest.mark.parametrize(
    ("issued", "at", "verdict"),
    [
        ("2025-01-15", date(2025, 4, 15), Validity.VALID),
        ("2025-01-15", date(2025, 4, 16), Validity.TOO_OLD),
        ("2024-11-30", date(2025, 2, 28), Validity.VALID),
        ("2024-11-30", date(2025, 3, 1), Validity.TOO_OLD),
        ("2025-01-15", date(2025, 1, 15), Validity.VALID),
        ("2025-01-16", date(2025, 1, 15), Validity.UNKNOWN),  # dated in the future
    ],
)
def test_proof_of_address_three_months(issued: str, at: date, verdict: Validity) -> None:
    fields = {"date_document": issued}
    assert assess_validity(DocumentType.JUSTIFICATIF_DOMICILE, fields, at) is verdict


@pytest.mark.parametrize("value", [None, "", "10/05/2030", "2030-02-30", "20300510", "2030-5-10"])
def test_missing_or_malformed_dates_are_unknown(value: str | None) -> None:
    fields = {} if value is None else {"date_expiration": value, "date_document": value}
    at = date(2025, 1, 1)
    assert assess_validity(DocumentType.PASSEPORT, fields, at) is Validity.UNKNOWN
    assert assess_validity(DocumentType.JUSTIFICATIF_DOMICILE, fields, at) is Validity.UNKNOWN


@pytest.mark.parametrize("doc_type", [DocumentType.RIB, DocumentType.AUTRE])
def test_types_without_a_rule_are_valid(doc_type: DocumentType) -> None:
    assert assess_validity(doc_type, {"date_document": "1990-01-01"}, date(2025, 1, 1)) is (
        Validity.VALID
    )


# CNIs issued to adults in 2004-2013 are valid 15 years, 5 more than printed.
@pytest.mark.parametrize(
    ("birth", "at", "verdict"),
    [
        ("1980-03-02", date(2020, 6, 2), Validity.VALID),  # extended: 2025-06-01
        ("1980-03-02", date(2025, 6, 1), Validity.VALID),
        ("1980-03-02", date(2025, 6, 2), Validity.EXPIRED),
        ("2000-01-01", date(2020, 6, 2), Validity.EXPIRED),  # aged 10 at issue: no extension
        (None, date(2020, 6, 2), Validity.UNKNOWN),  # might be extended, cannot tell
        (None, date(2025, 6, 2), Validity.EXPIRED),  # past even the extension
    ],
)
def test_old_cni_extension(birth: str | None, at: date, verdict: Validity) -> None:
    fields = {"date_expiration": "2020-06-01"}
    if birth is not None:
        fields["date_naissance"] = birth
    assert assess_validity(DocumentType.CNI, fields, at) is verdict


def test_extension_is_for_cni_only_and_for_the_issue_window() -> None:
    adult = {"date_naissance": "1970-01-01"}
    passport = {"date_expiration": "2020-06-01", **adult}
    assert assess_validity(DocumentType.PASSEPORT, passport, date(2021, 1, 1)) is Validity.EXPIRED
    issued_2003 = {"date_expiration": "2013-12-31", **adult}
    assert assess_validity(DocumentType.CNI, issued_2003, date(2014, 1, 1)) is Validity.EXPIRED
    issued_2004 = {"date_expiration": "2014-01-02", **adult}
    assert assess_validity(DocumentType.CNI, issued_2004, date(2019, 1, 2)) is Validity.VALID
    assert assess_validity(DocumentType.CNI, issued_2004, date(2019, 1, 3)) is Validity.EXPIRED


def test_document_validity_ignores_fields_that_failed_their_checksum() -> None:
    document = Document.classified("doc-1", "ben-1", DocumentType.PASSEPORT).with_field(
        ExtractedField("date_expiration", "2030-05-10", 0.9, valid=False)
    )
    assert document_validity(document, date(2025, 1, 1)) is Validity.UNKNOWN
    trusted = document.with_field(ExtractedField("date_expiration", "2030-05-10", 0.9, valid=True))
    assert document_validity(trusted, date(2025, 1, 1)) is Validity.VALID
    assert document_validity(trusted, date(2030, 5, 11)) is Validity.EXPIRED


def test_document_validity_falls_back_on_document_dates() -> None:
    passport = replace(
        Document.classified("doc-1", "ben-1", DocumentType.PASSEPORT), valid_until=date(2030, 5, 10)
    )
    assert document_validity(passport, date(2030, 5, 11)) is Validity.EXPIRED
    bill = replace(
        Document.classified("doc-2", "ben-1", DocumentType.JUSTIFICATIF_DOMICILE),
        issued_on=date(2025, 1, 15),
    )
    assert document_validity(bill, date(2025, 4, 15)) is Validity.VALID
    assert document_validity(bill, date(2025, 4, 16)) is Validity.TOO_OLD


@pytest.mark.parametrize(
    ("at", "latest"),
    [
        (date(2025, 8, 31), 2023),  # the avis on 2024 is not out for everyone yet
        (date(2025, 9, 1), 2024),
        (date(2026, 1, 10), 2024),
    ],
)
def test_latest_tax_year(at: date, latest: int) -> None:
    assert latest_tax_year(at) == latest


@pytest.mark.parametrize(
    ("year", "at", "verdict"),
    [
        ("2024", date(2025, 7, 20), Validity.VALID),  # newer than expected: fine
        ("2023", date(2025, 8, 31), Validity.VALID),
        ("2023", date(2025, 9, 1), Validity.TOO_OLD),
        ("2024", date(2026, 8, 31), Validity.VALID),
        ("2024", date(2026, 9, 1), Validity.TOO_OLD),
        ("2025", date(2025, 12, 31), Validity.UNKNOWN),  # the year is not over: misread
        ("24", date(2025, 9, 1), Validity.UNKNOWN),
        (None, date(2025, 9, 1), Validity.UNKNOWN),
    ],
)
def test_avis_imposition_must_be_the_latest(year: str | None, at: date, verdict: Validity) -> None:
    fields = {} if year is None else {"annee_revenus": year}
    assert assess_validity(DocumentType.AVIS_IMPOSITION, fields, at) is verdict


@pytest.mark.parametrize(
    ("doc_type", "fields", "until"),
    [
        (DocumentType.PASSEPORT, {"date_expiration": "2030-05-10"}, date(2030, 5, 10)),
        (DocumentType.JUSTIFICATIF_DOMICILE, {"date_document": "2024-11-30"}, date(2025, 2, 28)),
        (DocumentType.AVIS_IMPOSITION, {"annee_revenus": "2024"}, date(2026, 8, 31)),
        (
            DocumentType.CNI,
            {"date_expiration": "2020-06-01", "date_naissance": "1980-03-02"},
            date(2025, 6, 1),
        ),
        (DocumentType.CNI, {"date_expiration": "2020-06-01"}, date(2020, 6, 1)),
        (DocumentType.RIB, {"iban": "FR76"}, None),
        (DocumentType.PASSEPORT, {}, None),
    ],
)
def test_good_until_agrees_with_the_verdicts(
    doc_type: DocumentType, fields: dict[str, str], until: date | None
) -> None:
    assert good_until(doc_type, fields) == until
    if until is not None and (doc_type is not DocumentType.CNI or "date_naissance" in fields):
        assert assess_validity(doc_type, fields, until) is Validity.VALID
        later = date.fromordinal(until.toordinal() + 1)
        assert assess_validity(doc_type, fields, later) is not Validity.VALID
