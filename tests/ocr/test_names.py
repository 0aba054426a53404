"""Names and other free text: canonical form, visual-zone spelling, stray marks."""

from __future__ import annotations

import datetime as dt

from kiosk.ocr import mrz
from kiosk.ocr.extract import EXTRACTORS, identity_fields, rib_fields
from kiosk.ocr.fields import FieldReading, TextIndex, canonical, canonical_text
from kiosk.ocr.mrzread import MrzScan
from kiosk.ocr.recognise import OcrText, TextLine, Word

TODAY = dt.date(2026, 1, 1)
PASSPORT = (
    "P<FRABOMNET<<LAETITIA<JULIE<<<<<<<<<<<<<<<<<",
    "98NP731992FRA7705016F2610139<<<<<<<<<<<<<<06",
)


def _text(*lines: str) -> OcrText:
    return OcrText(
        tuple(
            TextLine(
                tuple(
                    Word(w, 0.9, (10 * i, 20 * n, 8, 10), (0, 0, 0, n))
                    for i, w in enumerate(line.split())
                )
            )
            for n, line in enumerate(lines)
        )
    )


def _scan(lines: tuple[str, ...]) -> MrzScan:
    reading = mrz.parse(lines, TODAY)
    assert reading is not None
    return MrzScan(reading, tuple((0.9,) * len(line) for line in lines), (0, 0, 1, 1), False, "x")


def test_canonical_text_is_upper_case_with_accents_and_single_spaces() -> None:
    assert canonical_text("  Résidence du Parc,  bât. G ") == "RÉSIDENCE DU PARC, BÂT. G"
    fields = canonical(
        {
            "commune": FieldReading("Nîmes", 0.9),
            "nom": FieldReading("  ", 0.9),
            "iban": FieldReading("FR76x", 0.9),
        }
    )
    assert fields["commune"].value == "NÎMES"
    assert "nom" not in fields  # nothing left to show
    assert fields["iban"].value == "FR76x"  # not a free-text field


def test_extractors_give_canonical_text() -> None:
    index = TextIndex(_text("Employeur : SA Crèche Les Petits Pas", "Net à payer 1 234,56"))
    fields = EXTRACTORS["bulletin_salaire"](index)
    assert fields["employeur"].value == "SA CRÈCHE LES PETITS PAS"


def test_holder_without_stray_marks_before_the_civility() -> None:
    fields = rib_fields(TextIndex(_text("Titulaire : _ MME DUPONT MARIE-HÉLÈNE")))
    assert fields["titulaire"].value == "DUPONT MARIE-HÉLÈNE"
    fields = rib_fields(TextIndex(_text("Titulaire du compte : , JÉRÔME DA SILVA")))
    assert fields["titulaire"].value == "JÉRÔME DA SILVA"


def test_mrz_names_spelt_as_the_visual_zone_prints_them() -> None:
    index = TextIndex(_text("Nom / Surname", "BONNET", "Prénoms / Given names", "Laëtitia, Julie"))
    fields = identity_fields(_scan(PASSPORT), index)
    assert fields["nom"].value == "BONNET"  # the MRZ's M read for N, set right by the VIZ
    assert fields["nom"].valid is None
    assert fields["prenoms"].value == "LAËTITIA, JULIE"


def test_mrz_names_kept_when_the_visual_zone_differs_too_much() -> None:
    index = TextIndex(_text("Nom / Surname", "BARNET", "BONNEZ"))
    fields = identity_fields(_scan(PASSPORT), index)
    assert fields["nom"].value == "BOMNET"  # two other names, neither only a confusion away


def test_given_names_not_taken_from_the_ocr_copy_of_the_zone() -> None:
    lines = ("P<FRABONNET<<AGNES<<<<<<<<<<<<<<<<<<<<<<<<<<", PASSPORT[1])
    index = TextIndex(_text("P<FRABONNET<<AGNES<<<<<<<<<ELLLELELLELELLELEEEE"))
    fields = identity_fields(_scan(lines), index)
    assert fields["prenoms"].value == "AGNES"
    assert fields["nom"].value == "BONNET"


def test_family_name_of_an_all_capitals_line_known_from_a_mixed_case_mention() -> None:
    index = TextIndex(
        _text(
            "MONSIEUR CÉDRIC CHEVALIER",
            "21 AVENUE DES LILAS",
            "certifie que Monsieur Cédric CHEVALIER, né le 24/08/2002",
        )
    )
    assert EXTRACTORS["attestation_caf"](index)["nom"].value == "CHEVALIER"


def test_family_name_of_an_all_capitals_line_told_by_common_given_names() -> None:
    for line, family in (
        ("M. JEAN ROUX", "ROUX"),
        ("M. ROUX JEAN", "ROUX"),
        ("MME MARIE-HÉLÈNE BLANCHARD", "BLANCHARD"),
        ("M. JÉRÔME DA SILVA", "DA SILVA"),
        ("M. MARTIN THOMAS", "MARTIN"),  # both could be given names: NAME First
    ):
        index = TextIndex(_text(line, "12 RUE DES LILAS", "34000 MONTPELLIER"))
        assert EXTRACTORS["justificatif_domicile"](index)["nom"].value == family, line


def test_holder_after_a_civility_read_with_a_comma() -> None:
    fields = rib_fields(TextIndex(_text("Titulaire : M, JÉRÔME DA SILVA")))
    assert fields["titulaire"].value == "JÉRÔME DA SILVA"
