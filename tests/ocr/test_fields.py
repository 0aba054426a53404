"""Field normalisation and validation: values as read, checksums only mark them."""

from __future__ import annotations

import pytest
from stdnum import iban as stdnum_iban

from kiosk.ocr.extract import rib_fields
from kiosk.ocr.fields import (
    TextIndex,
    amount,
    bic_valid,
    date_from,
    decimal_parts,
    fold,
    iban_valid,
    nif_valid,
    nir_valid,
    only_digits,
)
from kiosk.ocr.recognise import OcrText, TextLine, Word


def _text(*lines: str, confidence: float = 0.9) -> OcrText:
    built = []
    for number, line in enumerate(lines):
        words = tuple(
            Word(w, confidence, (10 * i, 20 * number, 8, 10), (0, 0, 0, number))
            for i, w in enumerate(line.split())
        )
        built.append(TextLine(words))
    return OcrText(tuple(built))


def _iban_with_bad_rib_key() -> str:
    bban = "30006000011234567890188"  # RIB key 88 instead of 89
    return "FR" + stdnum_iban.calc_check_digits("FR00" + bban) + bban


def test_good_iban_valid() -> None:
    assert iban_valid("FR7630006000011234567890189")


def test_iban_wrong_check_digits_read_as_is_and_invalid() -> None:
    fields = rib_fields(TextIndex(_text("IBAN : FR76 3000 6000 0112 3456 7890 188")))
    assert fields["iban"].value == "FR7630006000011234567890188"
    assert fields["iban"].valid is False


def test_iban_wrong_rib_key_caught_although_mod97_passes() -> None:
    value = _iban_with_bad_rib_key()
    assert stdnum_iban.is_valid(value)  # mod 97 alone would accept it
    grouped = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    fields = rib_fields(TextIndex(_text(f"IBAN {grouped}")))
    assert fields["iban"].value == value
    assert fields["iban"].valid is False


def test_rib_holder_without_civility_and_bic() -> None:
    fields = rib_fields(
        TextIndex(
            _text(
                "Titulaire du compte : MME HÉLÈNE DURAND",
                "IBAN FR76 3000 6000 0112 3456 7890 189",
                "BIC : AGRIFRPP882",
            )
        )
    )
    assert fields["titulaire"].value == "HÉLÈNE DURAND"
    assert fields["bic"].value == "AGRIFRPP882" and fields["bic"].valid
    assert fields["iban"].valid is True
    assert fields["iban"].confidence == pytest.approx(0.9)
    assert fields["iban"].box is not None


def test_validators() -> None:
    assert nir_valid("255081416802538")
    assert not nir_valid("255081416802539")
    assert nif_valid("3023217600053")
    assert not nif_valid("3023217600054")
    assert bic_valid("BNPAFRPPXXX") and not bic_valid("BNPA1RPPXXX")


@pytest.mark.parametrize(
    ("text", "value"),
    [("1 234,56 €", "1234.56"), ("51 578", "51578"), ("2084,01", "2084.01"), ("12.345", "12345")],
)
def test_amounts(text: str, value: str) -> None:
    assert amount(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("1,5", "1.5"), ("2", "2"), ("2.50", "2.5"), ("2,25", "2.25")]
)
def test_parts(text: str, value: str) -> None:
    assert decimal_parts(text) == value


def test_dates() -> None:
    assert date_from(("12", "03", "2024", None, None, None)) == "2024-03-12"
    assert date_from((None, None, None, "1", "FEVRIER", "2023")) == "2023-02-01"
    assert date_from(("31", "02", "2024", None, None, None)) is None


def test_fold_keeps_length_and_digits_lookalikes() -> None:
    assert fold("Numéro fiscal") == "NUMERO FISCAL"
    assert len(fold("Œuvre à côté")) == len("Œuvre à côté")
    assert only_digits("3O 12 l5") == "301215"
