"""MRZ: ICAO 9303 check digits, the three layouts, per-field verdicts, and the OCR-B reader."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from docsynth.render import render
from kiosk.ocr import mrz
from kiosk.ocr.mrzread import read_mrz

TODAY = dt.date(2024, 1, 1)
TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
OLD_CNI = ["IDFRAMEYER<<<<<<<<<<<<<<<<<<<<675034", "1305675007505MALO<<ALAIN<<J1212031M1"]


@pytest.mark.parametrize(
    ("data", "digit"),
    [("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("<<<<<<", "0"), ("", "0")],
)
def test_check_digit_icao_examples(data: str, digit: str) -> None:
    assert mrz.check_digit(data) == digit


def test_check_digit_refuses_foreign_characters() -> None:
    with pytest.raises(ValueError):
        mrz.check_digit("AB-12")
    assert not mrz.check_ok("AB-12", "0")


def test_filler_check_digit_only_for_empty_field() -> None:
    assert mrz.check_ok("<<<<<<<<<<<<<<", "<")
    assert not mrz.check_ok("ZE184226B<<<<<", "<")


def test_td3_parse() -> None:
    reading = mrz.parse(TD3, TODAY)
    assert reading is not None and reading.layout == mrz.TD3 and reading.valid
    values = {name: f.value for name, f in reading.fields.items()}
    assert values == {
        "nom": "ERIKSSON",
        "prenoms": "ANNA, MARIA",
        "sexe": "F",
        "date_naissance": "1974-08-12",
        "nationalite": "UTO",
        "numero_document": "L898902C3",
        "date_expiration": "2012-04-15",
    }
    assert mrz.document_type(reading) == "passeport"


def test_td1_parse() -> None:
    reading = mrz.parse(TD1, TODAY)
    assert reading is not None and reading.layout == mrz.TD1 and reading.valid
    assert reading.fields["numero_document"].value == "D23145890"
    assert mrz.document_type(reading) == "cni"


def test_old_french_card_parse() -> None:
    reading = mrz.parse(OLD_CNI, TODAY)
    assert reading is not None and reading.layout == mrz.FR_CNI and reading.valid
    assert reading.fields["nom"].value == "MEYER"
    assert reading.fields["numero_document"].value == "130567500750"
    assert reading.fields["date_naissance"].value == "2012-12-03"
    assert "date_expiration" not in reading.fields  # not in this MRZ: nothing invented


@pytest.mark.parametrize(
    ("line", "position", "field"),
    [(1, 9, "numero_document"), (1, 19, "date_naissance"), (1, 27, "date_expiration")],
)
def test_wrong_check_digit_marks_its_field_and_the_zone(
    line: int, position: int, field: str
) -> None:
    lines = list(TD3)
    wrong = str((int(lines[line][position]) + 1) % 10)
    lines[line] = lines[line][:position] + wrong + lines[line][position + 1 :]
    reading = mrz.parse(lines, TODAY)
    assert reading is not None
    assert reading.fields[field].valid is False
    assert reading.valid is False
    # the value is reported as read, not repaired
    assert reading.fields[field].raw == mrz.parse(TD3, TODAY).fields[field].raw  # type: ignore[union-attr]


def test_filler_misread_as_k_is_cleaned() -> None:
    assert mrz.clean_filler("ERIKSSON<<ANNA<MARIA<<<K<K<<<") == "ERIKSSON<<ANNA<MARIA<<<<<<<<<"
    assert mrz.clean_filler("DUPONT<<K") == "DUPONT<<<"
    assert mrz.clean_filler("LE<KAN<<MARIE") == "LE<KAN<<MARIE"  # a real name stays


def test_positional_letters_and_digits() -> None:
    assert mrz.digits("74O8I2") == "740812"
    assert mrz.letters("FR0") == "FRO"


def test_wrong_shapes_are_not_parsed() -> None:
    assert mrz.parse(["P<UTO", "123"]) is None
    assert mrz.parse([TD3[0], TD3[1][:-1] + "-"]) is None


def _rendered(
    variant: str, seed: str, invalid: bool = False
) -> tuple[np.ndarray, dict[str, str], set[str]]:
    sample = render("cni", random.Random(seed), dpi=300, invalid=invalid, variant=variant)
    gray = np.asarray(sample.image.convert("L"), dtype=np.uint8)
    return gray, sample.meta, sample.invalid


def test_reader_reads_a_rendered_td1_card_exactly() -> None:
    gray, meta, _ = _rendered("td1_card", "mrz-td1")
    scan = read_mrz(gray)
    assert scan is not None
    assert "\n".join(scan.reading.lines) == meta["mrz"]
    assert scan.reading.valid


def test_reader_reads_the_old_card_exactly() -> None:
    gray, meta, _ = _rendered("old_card", "mrz-old")
    scan = read_mrz(gray)
    assert scan is not None
    assert "\n".join(scan.reading.lines) == meta["mrz"]


def test_reader_reads_upside_down() -> None:
    gray, meta, _ = _rendered("td1_card", "mrz-flip")
    scan = read_mrz(np.ascontiguousarray(gray[::-1, ::-1]))
    assert scan is not None and scan.upside_down
    assert "\n".join(scan.reading.lines) == meta["mrz"]


def test_reader_reports_a_wrong_check_digit() -> None:
    for attempt in range(20):
        gray, meta, invalid = _rendered("td1_card", f"mrz-bad-{attempt}", invalid=True)
        if invalid:
            break
    scan = read_mrz(gray)
    assert scan is not None
    assert "\n".join(scan.reading.lines) == meta["mrz"]
    assert scan.reading.valid is False
    wrong = [name for name, ok in scan.reading.checks.items() if not ok]
    assert len(wrong) == 1
