"""Values as shown and typed, the rows of the review, what "C'est exact" confirms, export."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.documents.draft import FieldRow, confirm, merged, rows_for
from kiosk.documents.errors import ExportUnavailable
from kiosk.documents.export import MediumExport
from kiosk.documents.values import canonical, check, shown
from kiosk.domain.documents import DocumentType
from kiosk.ocr.fields import FieldReading

GOOD_IBAN = "FR7630006000011234567890189"
BAD_IBAN = "FR7630006000011234567890188"


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("date_expiration", "2030-12-31", "31/12/2030"),
        ("date_expiration", "31/12/2030", "31/12/2030"),  # not canonical: as is
        ("iban", GOOD_IBAN, "FR76 3000 6000 0112 3456 7890 189"),
        ("nom", "Lefèvre", "Lefèvre"),
    ],
)
def test_values_are_shown_as_printed(name: str, value: str, text: str) -> None:
    assert shown(name, value) == text


@pytest.mark.parametrize(
    ("name", "typed", "value"),
    [
        ("date_document", " 5/3/2025 ", "2025-03-05"),
        ("date_document", "31/02/2025", "31/02/2025"),  # no such day: kept, to be looked at
        ("iban", "fr76 3000 6000 0112 3456 7890 189", GOOD_IBAN),
        ("nir", "2 79 11 75 108 123 45", "279117510812345"),
        ("commune", "  Saint-Denis   sur  Loire ", "Saint-Denis sur Loire"),
    ],
)
def test_typed_values_take_the_canonical_form(name: str, typed: str, value: str) -> None:
    assert canonical(name, typed) == value


def test_checks_are_those_of_the_field() -> None:
    assert check("iban", GOOD_IBAN) is True
    assert check("iban", BAD_IBAN) is False
    assert check("date_document", "2025-03-05") is None  # a date has no checksum
    assert check("date_document", "31/02/2025") is False
    assert check("nom", "Durand") is None


def test_rows_show_every_canonical_field_and_invent_nothing() -> None:
    fields = {"iban": FieldReading(BAD_IBAN, 0.93, False), "nir": FieldReading("x", 0.5)}
    rows = rows_for(DocumentType.RIB, fields)
    assert [(r.name, r.read, r.valid, r.confidence) for r in rows] == [
        ("titulaire", "", None, 0),
        ("iban", BAD_IBAN, False, 93),
        ("bic", "", None, 0),
    ]
    assert rows_for(DocumentType.AUTRE, fields) == []


def test_verdict_rows_come_from_the_reading() -> None:
    rows = rows_for(DocumentType.CNI, {"mrz_valide": FieldReading(True, 0.9, source="mrz")})
    verdict = next(r for r in rows if r.name == "mrz_valide")
    assert (verdict.verdict, verdict.read, verdict.valid) == (True, "true", True)
    assert verdict.mark("") is True
    (confirmed,) = confirm([verdict], {})
    assert (confirmed.value, confirmed.valid, confirmed.source) == ("true", True, "mrz")


def test_what_the_person_confirms() -> None:
    rows = [
        FieldRow("iban", BAD_IBAN, False, "ocr", 93),
        FieldRow("bic", "CMCIFRPPXXX", True, "ocr", 97),
        FieldRow("titulaire"),
        FieldRow("date_document", "2025-03-05", None, "ocr", 80),
    ]
    typed = {
        "iban": shown("iban", BAD_IBAN),  # left as read: kept with its verdict
        "bic": "",  # emptied: not filed
        "titulaire": "Alex Test",  # typed
        "date_document": "06/03/2025",  # corrected
    }
    fields = {f.name: f for f in confirm(rows, typed)}
    assert set(fields) == {"iban", "titulaire", "date_document"}
    assert (fields["iban"].valid, fields["iban"].source, fields["iban"].changed) == (
        False,
        "ocr",
        False,
    )
    assert (fields["titulaire"].source, fields["titulaire"].changed) == ("person", False)
    assert (fields["date_document"].value, fields["date_document"].changed) == (
        "2025-03-06",
        True,
    )
    assert rows[0].mark(shown("iban", GOOD_IBAN)) is True  # a correction gets its ✓


def test_pages_are_merged_first_come() -> None:
    first = {"annee_revenus": FieldReading("2024", 0.9)}
    second = {"annee_revenus": FieldReading("2023", 0.9), "nombre_parts": FieldReading("2", 0.8)}
    fields = merged([first, second])
    assert {n: f.value for n, f in fields.items()} == {"annee_revenus": "2024", "nombre_parts": "2"}


def test_export_writes_to_the_medium_only(tmp_path: Path) -> None:
    data_dir, usb = tmp_path / "data", tmp_path / "usb"
    data_dir.mkdir()
    with pytest.raises(ValueError, match="station's disk"):
        MediumExport(data_dir / "usb", (data_dir,))
    export = MediumExport(usb, (data_dir,))
    with pytest.raises(ExportUnavailable) as missing:
        export.save("rib", b"%PDF-1.7")
    assert missing.value.reason == "no_medium"
    usb.mkdir()
    first = export.save("rib/../x", b"%PDF-1.7 one")
    second = export.save("rib/../x", b"%PDF-1.7 two")
    assert (first.name, second.name) == ("rib----x.pdf", "rib----x-2.pdf")
    assert first.read_bytes() == b"%PDF-1.7 one"
    assert os.stat(first).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in usb.iterdir()) == ["rib----x-2.pdf", "rib----x.pdf"]
