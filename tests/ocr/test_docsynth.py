"""docsynth: the synthetic documents and photos the OCR is measured on.

Truth must follow OCR.md's canonical forms, deliberate errors must really be errors for
the reference libraries (python-stdnum, schwifty, ICAO 9303), and everything must be a
pure function of the seed.
"""

from __future__ import annotations

import json
import random
import re
import time
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.fr import nif, nir

from docsynth import mrz, twoddoc
from docsynth import values as v
from docsynth.__main__ import main as cli_main
from docsynth.photo import photograph, photograph_nothing
from docsynth.render import DOC_TYPES, VARIANTS, Sample, render

SEED_DIR = Path(__file__).resolve().parents[1] / "data" / "ocr" / "seed"
LOW_DPI = 100  # enough for checking truth; keeps the file fast

# OCR.md's table: the fields each type may carry.
IDENTITY = {"nom", "prenoms", "sexe", "date_naissance", "nationalite", "numero_document",
            "date_expiration", "mrz_valide"}
ALLOWED = {
    "cni": IDENTITY, "passeport": IDENTITY, "titre_sejour": IDENTITY,
    "rib": {"iban", "bic", "titulaire"},
    "avis_imposition": {"numero_fiscal", "reference_avis", "revenu_fiscal_reference",
                        "annee_revenus", "nombre_parts", "2ddoc_valide"},
    "attestation_caf": {"numero_allocataire", "date_document", "nom"},
    "justificatif_domicile": {"nom", "adresse", "code_postal", "commune", "date_document"},
    "attestation_droits_am": {"nir", "nom", "prenoms"},
    "bulletin_salaire": {"employeur", "periode", "salaire_net"},
    "livret_famille": {"nom", "date_mariage"},
    "autre": set(),
}
# Fields a variant may lack because they are not printed on what is shown.
OPTIONAL = {
    ("cni", "old_card"): {"date_expiration"},
    ("cni", "td1_card"): {"nom", "prenoms"},
    ("titre_sejour", "card"): {"nom", "prenoms"},
    ("livret_famille", "parent"): {"date_mariage"},
}
PATTERNS = {
    "date_naissance": r"\d{4}-\d{2}-\d{2}", "date_expiration": r"\d{4}-\d{2}-\d{2}",
    "date_document": r"\d{4}-\d{2}-\d{2}", "date_mariage": r"\d{4}-\d{2}-\d{2}",
    "periode": r"\d{4}-(0[1-9]|1[0-2])",
    "iban": r"FR\d{2}[0-9A-Z]{23}", "bic": r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?",
    "nir": r"[12]\d{4}[0-9AB]\d{9}", "numero_fiscal": r"[0-3]\d{12}",
    "reference_avis": r"[0-9A-Z]{13}", "revenu_fiscal_reference": r"[1-9]\d*",
    "annee_revenus": r"20\d{2}", "nombre_parts": r"\d+(\.\d*[1-9])?",
    "salaire_net": r"\d+\.\d{2}", "sexe": r"[FMX]", "nationalite": r"[A-Z]{3}",
    "numero_document": r"[0-9A-Z]{9}|\d{12}", "numero_allocataire": r"\d{7}",
    "code_postal": r"\d{5}", "mrz_valide": r"true|false", "2ddoc_valide": r"true|false",
}
TEXT_FIELDS = {"nom", "prenoms", "titulaire", "employeur", "adresse", "commune"}


def _check_truth(s: Sample) -> None:
    allowed = ALLOWED[s.doc_type]
    assert set(s.fields) <= allowed, (s.doc_type, set(s.fields) - allowed)
    missing = allowed - set(s.fields) - OPTIONAL.get((s.doc_type, s.variant), set())
    if s.doc_type in ("cni", "passeport", "titre_sejour"):
        missing -= {"date_expiration"} if s.variant == "old_card" else set()
    assert not missing, (s.doc_type, s.variant, missing)
    for name, value in s.fields.items():
        assert isinstance(value, str)
        if name in PATTERNS:
            assert re.fullmatch(PATTERNS[name], value), (name, value)
        if name.startswith("date_"):
            date.fromisoformat(value)
        if name in TEXT_FIELDS:
            assert value == " ".join(value.upper().split()), (name, value)
    assert s.invalid <= set(s.fields)
    assert not s.invalid & {"mrz_valide", "2ddoc_valide"}


@pytest.fixture(scope="module")
def one_of_each() -> list[Sample]:
    return [render(t, random.Random(f"each:{t}:{var}"), dpi=LOW_DPI, variant=var)
            for t in DOC_TYPES for var in VARIANTS[t]]


def test_every_type_and_variant_renders_fast_with_canonical_truth(
        one_of_each: list[Sample]) -> None:
    t0 = time.perf_counter()
    samples = [render(t, random.Random(t), dpi=200) for t in DOC_TYPES]
    elapsed = time.perf_counter() - t0
    assert elapsed < 12, f"one sample per type took {elapsed:.1f}s at 200 dpi"
    for s in samples + one_of_each:
        _check_truth(s)
        assert s.image.width > 100 and s.image.height > 100
    assert {s.doc_type for s in one_of_each} == set(DOC_TYPES)


def test_same_seed_same_sample_and_photo() -> None:
    a = render("avis_imposition", random.Random("det"), dpi=LOW_DPI)
    b = render("avis_imposition", random.Random("det"), dpi=LOW_DPI)
    c = render("avis_imposition", random.Random("other"), dpi=LOW_DPI)
    assert a.fields == b.fields and a.image.tobytes() == b.image.tobytes()
    assert a.fields != c.fields
    pa = photograph(a.image, a.size_mm, random.Random(1), severity="medium", frame=(480, 640))
    pb = photograph(b.image, b.size_mm, random.Random(1), severity="medium", frame=(480, 640))
    assert pa.jpeg == pb.jpeg and pa.corners == pb.corners and pa.rotation == pb.rotation


def test_cli_is_deterministic_and_writes_truth(tmp_path: Path) -> None:
    args = ["--count", "3", "--seed", "7", "--types", "rib", "cni", "--dpi", "100",
            "--photo", "--frame", "360x480", "--palette", "32"]
    assert cli_main([str(tmp_path / "a"), *args]) == 0
    assert cli_main([str(tmp_path / "b"), *args]) == 0
    lines_a = (tmp_path / "a" / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    lines_b = (tmp_path / "b" / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines_a == lines_b and len(lines_a) == 6
    for line in lines_a:
        row = json.loads(line)
        assert (tmp_path / "a" / row["file"]).read_bytes() == \
            (tmp_path / "b" / row["file"]).read_bytes()
        assert row["type"] in ("rib", "cni")
        assert len(row["corners"]) == 4


def test_values_keys() -> None:
    rng = random.Random(3)
    for _ in range(50):
        p = v.person(rng)
        good, bad = v.nir_for(rng, p), v.nir_for(rng, p, invalid=True)
        assert nir.is_valid(good) and not nir.is_valid(bad)
        assert good[0] == ("2" if p.sexe == "F" else "1")
        assert good[1:5] == p.date_naissance.strftime("%y%m")
        assert nif.is_valid(v.numero_fiscal(rng))
        assert not nif.is_valid(v.numero_fiscal(rng, invalid=True))
        acct = v.bank_account(rng)
        assert str(IBAN(acct.iban, validate_bban=True).bic or acct.bic)[:6] == acct.bic[:6]
        for mode in ("iban_check", "rib_key"):
            wrong = v.bank_account(rng, invalid=True, mode=mode)
            with pytest.raises(SchwiftyException):
                IBAN(wrong.iban, validate_bban=True)
            if mode == "rib_key":  # mod 97 alone is fooled: only the RIB key catches it
                IBAN(wrong.iban)


def test_amount_and_date_formatting() -> None:
    from decimal import Decimal
    assert v.fr_amount(Decimal("1768.75")) == "1 768,75 €"
    assert v.canon_amount(Decimal("1768.7")) == "1768.70"
    assert v.fr_date(date(2024, 3, 1), "long") == "1er mars 2024"
    assert v.canon("  Saint-Étienne  la  ville ") == "SAINT-ÉTIENNE LA VILLE"


def test_mrz_check_digits_on_the_icao_specimens() -> None:
    # ICAO Doc 9303 specimens (Utopia, Anna Maria Eriksson).
    m = mrz.MrzData("I", "UTO", "D23145890", date(1974, 8, 12), "F", date(2012, 4, 15),
                    "UTO", "Eriksson", ("Anna", "Maria"))
    assert mrz.td1(m) == ["I<UTOD231458907<<<<<<<<<<<<<<<",
                          "7408122F1204159UTO<<<<<<<<<<<6",
                          "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
    p = mrz.MrzData("P", "UTO", "L898902C3", date(1974, 8, 12), "F", date(2012, 4, 15),
                    "UTO", "Eriksson", ("Anna", "Maria"), optional1="ZE184226B")
    assert mrz.td3(p) == ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
    # Old French CNI (OCR.md section 5).
    old = mrz.old_cni("Meyer", ("Malo", "Alain", "Jérôme"), "130567500750",
                      date(2012, 12, 3), "M", "675034")
    assert old[1] == "1305675007505MALO<<ALAIN<<J1212031M1"
    assert all(mrz.checks(old).values())
    assert mrz.transliterate("D'Almeida-Lefèvre Œ") == "DALMEIDA<LEFEVRE<OE"


@pytest.mark.parametrize("fmt", ["td1", "td3", "old"])
def test_mrz_bad_option_breaks_exactly_that_check(fmt: str) -> None:
    m = mrz.MrzData("ID", "FRA", "X4RTBPFW4", date(1990, 1, 31), "F", date(2031, 8, 1),
                    "FRA", "Lefèvre", ("Hélène",))
    names = {"td1": ("number", "birth", "expiry", "composite"),
             "td3": ("number", "birth", "expiry", "personal", "composite"),
             "old": ("number", "birth", "composite")}[fmt]
    for bad in (None, *names):
        if fmt == "td1":
            lines = mrz.td1(m, bad=bad)
        elif fmt == "td3":
            lines = mrz.td3(m, bad=bad)
        else:
            lines = mrz.old_cni(m.surname, m.given, "130567500750", m.birth, m.sex, "675034",
                                bad=bad)
        result = mrz.checks(lines)
        failed = {k for k, ok in result.items() if not ok}
        # The composite is computed over the printed characters, wrong digit included:
        # exactly one check digit of the zone is wrong.
        assert failed == (set() if bad is None else {bad}), (fmt, bad, lines)


@pytest.mark.parametrize("doc_type", ["cni", "passeport", "titre_sejour"])
def test_identity_truth_agrees_with_the_printed_mrz(doc_type: str) -> None:
    seen_invalid = False
    for k in range(6):
        s = render(doc_type, random.Random(f"mrz:{doc_type}:{k}"), dpi=LOW_DPI,
                   invalid=k % 2 == 1)
        _check_truth(s)
        lines = s.meta["mrz"].split("\n")
        result = mrz.checks(lines)
        assert (s.fields["mrz_valide"] == "true") == all(result.values())
        for check, ok in result.items():
            name = mrz.CHECK_FIELDS.get(check)
            if name in s.fields:
                assert (name in s.invalid) == (not ok)
        seen_invalid |= s.fields["mrz_valide"] == "false"
        if "numero_document" in s.fields:
            assert s.fields["numero_document"] in "".join(lines)
        assert s.fields["date_naissance"][2:].replace("-", "") in "".join(lines)
    assert seen_invalid


def test_invalid_flags_are_invalid_for_the_libraries() -> None:
    flagged = {"rib": 0, "avis_imposition": 0, "attestation_droits_am": 0}
    for k in range(8):
        inv = k % 2 == 1
        rib = render("rib", random.Random(f"inv:rib:{k}"), dpi=LOW_DPI, invalid=inv)
        try:
            IBAN(rib.fields["iban"], validate_bban=True)
            ok = True
        except SchwiftyException:
            ok = False
        assert ok == ("iban" not in rib.invalid)
        flagged["rib"] += "iban" in rib.invalid
        am = render("attestation_droits_am", random.Random(f"inv:am:{k}"), dpi=LOW_DPI,
                    invalid=inv)
        assert nir.is_valid(am.fields["nir"]) == ("nir" not in am.invalid)
        flagged["attestation_droits_am"] += "nir" in am.invalid
        avis = render("avis_imposition", random.Random(f"inv:avis:{k}"), dpi=LOW_DPI,
                      invalid=inv)
        assert nif.is_valid(avis.fields["numero_fiscal"]) == \
            ("numero_fiscal" not in avis.invalid)
        flagged["avis_imposition"] += ("numero_fiscal" in avis.invalid
                                       or avis.fields["2ddoc_valide"] == "false")
    assert all(flagged.values()), flagged


def test_datamatrix_on_the_avis_decodes_to_the_truth() -> None:
    for k, expected in ((0, "true"), (1, None)):
        s = render("avis_imposition", random.Random(f"dm:{k}"), dpi=200, invalid=k == 1)
        found = zxingcpp.read_barcodes(np.asarray(s.image.convert("L")),
                                       formats=zxingcpp.BarcodeFormat.DataMatrix)
        assert len(found) == 1
        payload = found[0].bytes
        assert payload.startswith(b"DC04FR00")
        head, fields = twoddoc.parse_message(payload)
        assert head[20:22] == "04"  # document type: avis d'impôt
        assert fields["41"] == s.fields["revenu_fiscal_reference"]
        assert fields["44"] == s.fields["reference_avis"]
        assert fields["45"] == s.fields["annee_revenus"]
        assert fields["47"] == s.fields["numero_fiscal"]
        assert fields["43"].replace(",", ".").rstrip("0").rstrip(".") == \
            s.fields["nombre_parts"]
        assert ("true" if twoddoc.verify(payload) else "false") == s.fields["2ddoc_valide"]
        if expected:
            assert s.fields["2ddoc_valide"] == expected


def test_twoddoc_signature_and_certificate() -> None:
    from cryptography import x509

    head = twoddoc.header("04", issued=date(2024, 7, 10), signed=date(2024, 7, 10))
    assert len(head) == 26 and head.startswith("DC04FR00")
    fields = [("43", "1,5"), ("44", "2475A12345678"), ("45", "2023"), ("41", "23456")]
    assert twoddoc.build(head, fields).valid
    assert not twoddoc.build(head, fields, mode="bad_signature").valid
    assert not twoddoc.build(head, fields, mode="unsigned").valid
    assert twoddoc.build(head, fields).payload == twoddoc.build(head, fields).payload
    cert = x509.load_pem_x509_certificate(twoddoc.test_certificate_pem())
    assert cert.public_key() == twoddoc.public_key()


def _inside(corners: list[tuple[float, float]], w: int, h: int) -> bool:
    return all(0 <= x < w and 0 <= y < h for x, y in corners)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_photographer_corners(rotation: int) -> None:
    s = render("rib", random.Random("photo"), dpi=LOW_DPI)
    ph = photograph(s.image, s.size_mm, random.Random(rotation), severity="hard",
                    frame=(480, 640), rotation=rotation)
    w, h = ph.image.size
    assert ph.corners is not None and _inside(ph.corners, w, h)
    assert (w < h) == (rotation in (0, 180))  # the frame is turned to suit the page
    tl, _tr, br, _bl = ph.corners
    # the document's own top-left corner moves with the turn
    if rotation == 0:
        assert tl[0] < br[0] and tl[1] < br[1]
    elif rotation == 180:
        assert tl[0] > br[0] and tl[1] > br[1]
    elif rotation == 90:
        assert tl[0] > br[0] and tl[1] < br[1]
    else:
        assert tl[0] < br[0] and tl[1] > br[1]
    # the page (white paper) is brighter than the dark table
    gray = np.asarray(ph.image.convert("L"), dtype=np.float32)
    cx = int(sum(x for x, _ in ph.corners) / 4)
    cy = int(sum(y for _, y in ph.corners) / 4)
    assert gray[cy - 5:cy + 5, cx - 5:cx + 5].mean() > gray[:8, :8].mean() + 40 or \
        gray[cy - 5:cy + 5, cx - 5:cx + 5].mean() > gray[-8:, -8:].mean() + 40


def test_card_photo_and_no_page() -> None:
    s = render("cni", random.Random("card"), dpi=LOW_DPI, variant="old_card")
    ph = photograph(s.image, s.size_mm, random.Random(2), severity="mild", frame=(480, 640))
    assert ph.corners is not None and _inside(ph.corners, *ph.image.size)
    nothing = photograph_nothing(random.Random(3), frame=(480, 640))
    assert nothing.corners is None and nothing.image.size in ((480, 640), (640, 480))


def test_committed_seed_set_matches_its_truth() -> None:
    truth = SEED_DIR / "truth.jsonl"
    rows = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines()]
    counts: dict[tuple[str, bool], int] = {}
    for row in rows:
        assert (SEED_DIR / row["file"]).is_file(), row["file"]
        if row["case"] == "normal":
            key = (row["type"], row["photo"])
            counts[key] = counts.get(key, 0) + 1
    for t in DOC_TYPES:
        assert counts.get((t, False), 0) + counts.get((t, True), 0) >= 2, t
        assert counts.get((t, True), 0) >= 1, t
    cases = {row["case"] for row in rows}
    assert {"iban_wrong_key", "mrz_wrong_check", "upside_down", "unknown_type",
            "empty_page", "no_page"} <= cases
    total = sum(p.stat().st_size for p in SEED_DIR.iterdir())
    assert total < 8_000_000, total
