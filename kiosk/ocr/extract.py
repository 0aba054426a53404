"""Per-type field extraction from the page's text, the MRZ and the 2D-Doc.

Each extractor returns only what it found (design/OCR.md: a field that could not be read is
absent; ``autre`` gets nothing). Labels are matched on folded text (upper case, no accents).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.ocr import mrz
from kiosk.ocr.fields import (
    DATE_PATTERN,
    MONTH_WORDS,
    MONTHS,
    FieldReading,
    Hit,
    TextIndex,
    amount,
    bic_valid,
    canonical,
    date_from,
    decimal_parts,
    fold,
    iban_valid,
    nif_valid,
    nir_valid,
    only_digits,
)
from kiosk.ocr.given_names import is_given_name
from kiosk.ocr.mrzread import MrzScan
from kiosk.ocr.twoddoc import NOT_VERIFIED, TwoDDoc, avis_fields

Fields = dict[str, FieldReading]
_CIVILITY = r"(?:MONSIEUR|MADAME|MADEMOISELLE|MLLE|MME|MR|M\.|M)\b\.?"
_PARTICLES = {"DE", "DU", "DES", "LE", "LA", "DA", "DI", "VAN", "VON", "EL", "BEN", "D'"}


def _from(hit: Hit, value: str, valid: bool | None = None) -> FieldReading:
    return FieldReading(value, round(hit.confidence, 3), valid, hit.box)


# --- identity documents (MRZ) ------------------------------------------------------------

_POSITIONS: dict[str, dict[str, list[tuple[int, int, int]]]] = {
    mrz.TD3: {
        "nom": [(0, 5, 44)],
        "prenoms": [(0, 5, 44)],
        "sexe": [(1, 20, 21)],
        "date_naissance": [(1, 13, 20)],
        "nationalite": [(1, 10, 13)],
        "numero_document": [(1, 0, 10)],
        "date_expiration": [(1, 21, 28)],
    },
    mrz.TD1: {
        "nom": [(2, 0, 30)],
        "prenoms": [(2, 0, 30)],
        "sexe": [(1, 7, 8)],
        "date_naissance": [(1, 0, 7)],
        "nationalite": [(1, 15, 18)],
        "numero_document": [(0, 5, 15)],
        "date_expiration": [(1, 8, 15)],
    },
    mrz.FR_CNI: {
        "nom": [(0, 5, 30)],
        "prenoms": [(1, 13, 27)],
        "sexe": [(1, 34, 35)],
        "date_naissance": [(1, 27, 34)],
        "nationalite": [(0, 2, 5)],
        "numero_document": [(1, 0, 13)],
    },
}


def _zone_line(text: str) -> bool:
    """A line of the page's text that is tesseract's reading of the MRZ itself."""
    return "<" in text


def _printed(name: str, index: TextIndex | None) -> str:
    """The name as printed in the visual zone (with its accents) if it is there."""
    if index is None or not name:
        return name
    wanted = name.replace("<", " ").split()
    pattern = r"\b" + r"[\s\-']+".join(re.escape(w) for w in wanted) + r"\b(?!<)"
    for found in index.search(pattern):
        if not _zone_line(index.texts[found.line]):
            return found.text
    return name


def _printed_given_names(mrz_names: list[str], index: TextIndex) -> str | None:
    """The visual zone's given names when the MRZ's are their beginnings (the MRZ truncates
    long names and writes "ROSE-MARIE" as "ROSE<MARIE")."""
    if not mrz_names:
        return None
    for hit in index.search(rf"\b{re.escape(mrz_names[0])}"):
        if _zone_line(index.texts[hit.line]):
            continue
        text = index.texts[hit.line][hit.end - len(mrz_names[0]) :]
        printed = [p for p in re.split(r"[,\s]+", text.strip()) if p]
        flat = [part for name in printed for part in fold(name).split("-")]
        if len(flat) >= len(mrz_names) and all(
            flat[i].startswith(name) for i, name in enumerate(mrz_names)
        ):
            count, covered = 0, 0
            while covered < len(mrz_names) and count < len(printed):
                covered += len(fold(printed[count]).split("-"))
                count += 1
            return ", ".join(printed[:count])
    return None


_CONFUSED_PAIRS = "MN HM HN TY VY UV OD OQ DQ EF IL IJ CG PR BE BR KX KR CO GO WV SZ AR"
_CONFUSED = frozenset(frozenset(pair) for pair in _CONFUSED_PAIRS.split(" "))
"""Letter pairs that the MRZ's glyph matching confuses on a blurred band."""


def _viz_spelling(mrz_name: str, index: TextIndex | None) -> str:
    """``mrz_name`` (words separated by spaces or ", ") with each word that the MRZ misread
    by one or two confusable letters (``BOMMET``) spelt as the visual zone prints it.

    Names carry no check digit: the printed name, read by another engine in another font,
    is the second opinion. A word is replaced only by the single printed word of the same
    length that differs from it only by confusable letters (one, or two in a long word).
    """
    if index is None or not mrz_name:
        return mrz_name
    printed: set[str] = set()
    for text, folded in zip(index.texts, index.folded, strict=True):
        if not _zone_line(text):
            printed.update(w for w in re.split(r"[^A-Z]+", folded) if len(w) >= 4)

    def respelt(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 4 or word in printed:
            return word
        limit = 2 if len(word) >= 7 else 1
        near = [
            other
            for other in printed
            if len(other) == len(word)
            and 0
            < len(diff := [(a, b) for a, b in zip(word, other, strict=True) if a != b])
            <= limit
            and all(frozenset(pair) in _CONFUSED for pair in diff)
        ]
        return near[0] if len(near) == 1 else word

    return re.sub(r"[A-Z]+", respelt, mrz_name)


def _given_names(mrz_names: str, index: TextIndex | None) -> str:
    """Given names as printed (accents), ", "-joined; two MRZ names printed with a hyphen
    between them are one compound name."""
    if index is not None:
        printed = _printed_given_names([n for n in mrz_names.split(", ") if n], index)
        if printed is not None:
            return printed
    names = [_printed(name, index) for name in mrz_names.split(", ") if name]
    if index is not None:
        merged: list[str] = []
        for name in names:
            if merged and index.first(re.escape(fold(merged[-1])) + "-" + re.escape(fold(name))):
                merged[-1] = f"{merged[-1]}-{name}"
            else:
                merged.append(name)
        names = merged
    return ", ".join(names)


def identity_fields(scan: MrzScan, index: TextIndex | None) -> Fields:
    """The canonical identity fields of an MRZ; names as printed when the page shows them."""
    reading = scan.reading
    fields: Fields = {}
    for name, value in reading.fields.items():
        confidence = scan.field_confidence(_POSITIONS[reading.layout].get(name, []))
        text = value.value
        if name == "prenoms":
            text = _given_names(_viz_spelling(text, index), index)
        elif name == "nom":
            text = _printed(_viz_spelling(text, index), index)
        if text:
            fields[name] = FieldReading(text, round(confidence, 3), value.valid, None, "mrz")
    all_confidence = min((min(line) for line in scan.confidences if line), default=0.0)
    fields["mrz_valide"] = FieldReading(
        reading.valid, round(all_confidence, 3), reading.valid, None, "mrz"
    )
    if reading.layout == mrz.FR_CNI and index is not None:  # no expiry in the old MRZ
        found = index.after_label(r"VALABLE JUSQU", DATE_PATTERN)
        day = date_from(found.groups) if found else None
        if found is not None and day is not None:
            fields["date_expiration"] = _from(found, day)
    return canonical(fields)


# --- RIB ---------------------------------------------------------------------------------

_IBAN = r"\b([A-Z]{2}\s?[0-9O]{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?)\b"
_BIC = r"\b([A-Z]{4}\s?[A-Z]{2}\s?[A-Z0-9]{2}(?:\s?[A-Z0-9]{3})?)\b"


def _iban_value(raw: str) -> str:
    compact = re.sub(r"\s", "", raw).upper()
    head = compact[:2] + compact[2:4].replace("O", "0")
    if compact.startswith("FR") and len(compact) == 27:  # bank, branch and key are digits
        body = compact[4:]
        body = body[:10].replace("O", "0") + body[10:21] + body[21:].replace("O", "0")
        return head + body
    return head + compact[4:]


def rib_fields(index: TextIndex) -> Fields:
    """IBAN (mod-97 and RIB key), BIC and holder."""
    fields: Fields = {}
    found = index.after_label(r"\bIBAN\b", _IBAN) or index.first(
        r"\b(FR\s?\d{2}(?:\s?[A-Z0-9]{4}){5}\s?[A-Z0-9]{3})\b"
    )
    if found is not None:
        value = _iban_value(found.groups[0] or found.text)
        fields["iban"] = _from(found, value, iban_valid(value))
    bic_label = index.first(r"\b(?:BIC|SWIFT)\b")
    candidates = [index.after_label(r"\b(?:BIC|SWIFT)\b", _BIC, lookahead=0)]
    if bic_label is not None:
        candidates += [index.below(bic_label, _BIC), index.after_label(r"\b(?:BIC|SWIFT)\b", _BIC)]
    found_bics = [c for c in candidates if c is not None]
    valid_bics = [c for c in found_bics if bic_valid(re.sub(r"\s", "", c.groups[0] or c.text))]
    chosen = valid_bics or found_bics
    bic = chosen[0] if chosen else None
    if bic is not None:
        value = re.sub(r"\s", "", bic.groups[0] or bic.text).upper()
        fields["bic"] = _from(bic, value, bic_valid(value))
    holder = _holder(index)
    if holder is not None:
        fields["titulaire"] = holder
    return fields


def _without_civility(hit: Hit) -> FieldReading | None:
    folded = fold(hit.text)
    # Stray marks before the name (a rule or a comma read as "_" or ",") go with the civility.
    rest = re.sub(rf"^[^A-Z]*(?:{_CIVILITY}[\s.,;:_]*)?", "", folded)
    value = hit.text[len(hit.text) - len(rest) :].strip(" :")
    return _from(hit, value) if value and re.search(r"[A-Z]{2}", fold(value)) else None


def _holder(index: TextIndex) -> FieldReading | None:
    """The account holder: after its label on the same line, else the first ``M. / MME``
    line, else the line under the label."""
    label = r"(?:TITULAIRE|INTITU[A-Z]{2})(?: DU COMPTE)?\s*:?"
    for found in index.search(label):
        rest = index.after_label(label, r"\S.*", lookahead=0)
        if rest is not None and rest.line == found.line:
            reading = _without_civility(rest)
            if reading is not None:
                return reading
    person = index.first(rf"^\s*{_CIVILITY}\s+[A-Z].*")
    if person is not None:
        return _without_civility(person)
    heading = index.first(label)
    under = index.below(heading, r"\S.*") if heading is not None else None
    return _without_civility(under) if under is not None else None


# --- avis d'imposition -------------------------------------------------------------------


def avis_ocr_fields(index: TextIndex) -> Fields:
    """Numéro fiscal, référence, RFR, year of income and parts read from the text."""
    fields: Fields = {}
    found = index.after_label(r"N(?:UMERO|°|O|\.)?\s*FISCAL", r"((?:\d\s?){13})")
    if found is not None:
        value = only_digits(found.text)
        fields["numero_fiscal"] = _from(found, value, nif_valid(value))
    found = index.after_label(r"REFERENCE DE L.?AVIS", r"((?:[0-9A-Z]\s?){13})\b")
    if found is not None:
        fields["reference_avis"] = _from(found, re.sub(r"\s", "", found.text))
    found = index.after_label(
        r"REVENU FISCAL DE REFERENCE", r"(?<![\d,.])(\d{1,3}(?:[\s.]\d{3})+|\d+)\b"
    )
    if found is not None and (rfr := amount(found.text)) is not None:
        fields["revenu_fiscal_reference"] = _from(found, rfr)
    found = index.first(r"REVENUS?\s+(?:DE\s+(?:L.?ANNEE\s+)?)?((?:19|20)\d{2})\b")
    if found is not None and found.groups[0]:
        fields["annee_revenus"] = _from(found, found.groups[0])
    found = index.after_label(r"NOMBRE DE PARTS", r"(\d{1,2}(?:[,.]\d{1,2})?)\b")
    if found is not None and (parts := decimal_parts(found.text)) is not None:
        fields["nombre_parts"] = _from(found, parts)
    return fields


def avis_2ddoc_fields(document: TwoDDoc, ocr: Fields) -> Fields:
    """The 2D-Doc's values (exact once signed) checked against the printed ones."""
    fields: Fields = {}
    for name, raw in avis_fields(document).items():
        value = decimal_parts(raw) if name == "nombre_parts" else raw
        if value is None:
            continue
        printed = ocr.get(name)
        agree = printed is not None and printed.value == value
        confidence = 0.99 if document.verified is True or agree else 0.7
        valid = nif_valid(value) if name == "numero_fiscal" else None
        fields[name] = FieldReading(
            value, confidence, valid, printed.box if printed else None, "2ddoc"
        )
    verdict = document.verified
    fields["2ddoc_valide"] = FieldReading(
        verdict, 1.0, None if verdict == NOT_VERIFIED else bool(verdict), None, "2ddoc"
    )
    return fields


# --- other types -------------------------------------------------------------------------


def _document_date(index: TextIndex) -> FieldReading | None:
    """The issue date: after "Date :", "édité le", "Fait à ..., le", a line-opening "Le";
    never a payment, period, due or birth date."""
    labels = (
        r"DATE\s*(?:DE\s+(?:LA\s+)?|D.)?(?:FACTURE|EDITION|EMISSION|DU DOCUMENT)?\s*:"
        r"|(?:EDITEE?|ETABLIE?|DELIVREE?|EMISE?|FAIT|IMPRIMEE?)\s+(?:A\s+[A-Z' -]+,?\s+)?LE"
        r"|FACTURE\s+DU|^\s*LE"
    )
    for pattern in (rf"(?:{labels})\s*:?\s*(?:{DATE_PATTERN})", rf"\bLE\s+(?:{DATE_PATTERN})"):
        for hit in index.search(pattern):
            line = index.folded[hit.line]
            if re.search(
                r"PAIEMENT|VERSE|PERIODE|ECHEANCE|PRELEV|NAISSANCE|\bNEE?\b|"
                r"\bDU\b.*\bAU\b|ENTREE|CONSOMMATION",
                line,
            ):
                continue
            day = date_from(hit.groups)
            if day is not None:
                return _from(hit, day)
    return None


_MIXED_THEN_CAPITALS = re.compile(
    r"\b[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?((?:\s+[A-ZÀ-Þ][A-ZÀ-Þ'\-]*[A-ZÀ-Þ])+)\b"
)


def _family_names(index: TextIndex) -> set[str]:
    """Family names the page writes in capitals after a mixed-case given name ("Monsieur
    Cédric CHEVALIER, né le", "Allocataire : Cédric CHEVALIER"), folded."""
    names: set[str] = set()
    for text in index.texts:
        for match in _MIXED_THEN_CAPITALS.finditer(text):
            names.update(fold(word) for word in match.group(1).split())
    return names


def _name_parts(words: list[str], known: set[str]) -> tuple[list[str], list[str]]:
    """(family name, given names) of ``words``: capitals against mixed case, or a family name
    seen elsewhere on the page, or the words that are not common given names, or French
    administrative order (NAME First)."""
    upper = [w for w in words if w.isupper() and len(w) > 1]
    if upper and len(upper) < len(words):
        return upper, [w for w in words if w not in upper]
    found = [w for w in words if fold(w) in known]
    if found:
        return found, [w for w in words if w not in found]
    given = [w for w in words if is_given_name(fold(w))]
    if given and len(given) < len(words):  # "CÉDRIC CHEVALIER": one is a common given name
        return [w for w in words if w not in given], given
    if len(words) > 2 and fold(words[0]) in _PARTICLES:
        return words[:2], words[2:]
    return words[:1], words[1:]


def _person(index: TextIndex, start: int = 0) -> tuple[FieldReading, int] | None:
    """The family name of the first ``M. / MME ...`` line, and that line's index."""
    known = _family_names(index)
    for hit in index.search(rf"^\s*{_CIVILITY}\s+([A-Z][A-Z' \-]+[A-Z])", start):
        words = [w.strip(",") for w in (hit.groups[0] or "").split()]
        family, _ = _name_parts(words, known)
        if family:
            return _from(hit, " ".join(family)), hit.line
    return None


def caf_fields(index: TextIndex) -> Fields:
    """Numéro allocataire, issue date and the allocataire's family name."""
    fields: Fields = {}
    found = index.after_label(
        r"(?:N(?:UMERO|°|O)?|REFERENCE|MATRICULE)\s*(?:D.)?\s*ALLOCATAIRE|MATRICULE",
        r"\b(\d{5,8})\b",
    )
    if found is not None:
        fields["numero_allocataire"] = _from(found, found.groups[0] or found.text)
    if (day := _document_date(index)) is not None:
        fields["date_document"] = day
    if (person := _person(index)) is not None:
        fields["nom"] = person[0]
    return fields


def domicile_fields(index: TextIndex) -> Fields:
    """Customer's family name, address (lines above the postcode, ", "-joined), postcode,
    town (without CEDEX) and issue date."""
    fields: Fields = {}
    person = _person(index)
    tenant = index.first(r"\bLOCATAIRE\b")
    if tenant is not None:  # a rent receipt: the tenant, not the landlord
        under = index.below(tenant, rf"^\s*{_CIVILITY}\s+[A-Z]", rows=2)
        if under is not None:
            person = _person(index, under.line)
    if person is not None:
        fields["nom"] = person[0]
    town = None
    if person is not None:
        for line in index.column_between(person[1], person[1] + 8):
            town = index.first(r"^\s*(\d{5})\s+([A-Z][A-Z' \-]*[A-Z])", line, line + 1)
            if town is not None:
                break
    else:
        town = index.first(r"^\s*(\d{5})\s+([A-Z][A-Z' \-]*[A-Z])")
    if town is not None:
        fields["code_postal"] = _from(town, town.groups[0] or "")
        commune = re.sub(r"\s+CEDEX.*$", "", town.groups[1] or "", flags=re.IGNORECASE)
        fields["commune"] = _from(town, commune.strip())
        column = index.column_between(person[1], town.line) if person is not None else []
        if not column and town.line > 0:
            column = [town.line - 1]
        lines = [index.texts[i].strip() for i in column]
        if lines and any(re.search(r"\d", line) for line in lines):
            hit = index.first(r".+", column[0], column[0] + 1)
            if hit is not None:
                fields["adresse"] = _from(hit, ", ".join(lines))
    if (day := _document_date(index)) is not None:
        fields["date_document"] = day
    return fields


def droits_am_fields(index: TextIndex) -> Fields:
    """NIR (with its key), family name and given names."""
    fields: Fields = {}
    found = index.first(r"\b([12]\s?\d{2}\s?\d{2}\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}\s?\d{2})\b")
    if found is not None:
        value = re.sub(r"\s", "", found.text)
        fields["nir"] = _from(found, value, nir_valid(value))
    holder = index.after_label(r"(?:BENEFICIAIRE|ASSURE(?:\(E\))?)\s*:", r"\S.*", lookahead=0)
    if holder is not None:
        text = re.sub(rf"^\s*(?:{_CIVILITY}\s*)?", "", fold(holder.text))
        words = holder.text[len(holder.text) - len(text) :].split()
        family, given = _name_parts(words, _family_names(index))
        if family:
            fields["nom"] = _from(holder, " ".join(family))
        if given:
            fields["prenoms"] = _from(holder, ", ".join(given))
    labels = (("nom", r"\bNOM\b(?:\s+DE\s+NAISSANCE)?"), ("prenoms", r"PRENOM(?:\(S\)|S)?"))
    for name, label in labels:
        hit = index.after_label(label + r"\s*:", r"([A-Z][A-Z' ,\-]*[A-Z])", lookahead=0)
        if hit is not None and name not in fields:
            value = hit.text.strip()
            if name == "prenoms":
                value = ", ".join(part for part in re.split(r"[,\s]+", value) if part)
            fields[name] = _from(hit, value)
    if "nom" not in fields and (person := _person(index)) is not None:
        fields["nom"] = person[0]
    return fields


_AMOUNT = r"(?<![\d,.])(-?(?:\d{1,3}(?:[\s.]\d{3})+|\d+),\d{2})\b"


def _employer(index: TextIndex) -> FieldReading | None:
    """After "Employeur :", else the line above the employer's address and SIRET."""
    found = index.after_label(r"EMPLOYEUR\s*:", r"\S.*", lookahead=0)
    if found is not None:
        return _from(found, found.text.strip(" :"))
    siret = index.first(r"\bSIRET\b")
    if siret is None:
        return None
    for line in reversed(index.column_between(-1, siret.line, anchor=siret.line)):
        if re.search(r"^\s*\d|\b\d{5}\b|\bCS\s*\d|\bBP\s*\d", index.folded[line]):
            continue  # street and town lines
        hit = index.first(r"\S.*", line, line + 1)
        return _from(hit, hit.text.strip()) if hit is not None else None
    return None


def salaire_fields(index: TextIndex) -> Fields:
    """Employer, pay period and the final net paid (after tax withheld at source)."""
    fields: Fields = {}
    if (employer := _employer(index)) is not None:
        fields["employeur"] = employer
    period = index.after_label(r"PERIODE", DATE_PATTERN, lookahead=1)
    if period is not None and (day := date_from(period.groups)) is not None:
        fields["periode"] = _from(period, day[:7])
    else:
        named = index.first(
            rf"(?:PERIODE|MOIS|PAIE)\s*(?:DE|DU|:)?\s*({MONTH_WORDS})\s+"
            r"((?:19|20)\d{2})"
        )
        if named is not None and (month := MONTHS.get(fold(named.groups[0] or ""), 0)):
            fields["periode"] = _from(named, f"{named.groups[1]}-{month:02d}")
    best: FieldReading | None = None
    for label in index.search(r"NET\s+(?:A\s+)?PAYE?R?\b(?!.*AVANT)"):
        value_hit = index.after_label(re.escape(fold(label.text)), _AMOUNT, lookahead=0)
        if value_hit is None or value_hit.line != label.line:
            value_hit = index.right_of(label, _AMOUNT)
        if value_hit is not None and (value := amount(value_hit.groups[0] or "")) is not None:
            best = _from(value_hit, value)  # the last one on the page is the final net paid
    if best is not None:
        fields["salaire_net"] = best
    return fields


def livret_fields(index: TextIndex) -> Fields:
    """The first listed person's family name, and the wedding date if present."""
    fields: Fields = {}
    label = r"^\s*(?:EPOUX|EPOUSE|PERE|MERE|PARENT|TITULAIRE)\b\s*:?"
    found = index.first(label)
    if found is not None:
        hit = index.after_label(label, r"([A-Z][A-Z' \-]*[A-Z])", lookahead=1)
        if hit is not None:
            words = index.texts[hit.line][hit.end - len(hit.text) :].split()
            family, _ = _name_parts(words, set()) if words else ([], [])
            if family:
                fields["nom"] = _from(hit, " ".join(family))
    wedding = index.first(rf"(?:{DATE_PATTERN}).*(?:CELEBRE|MARIAGE)") or index.after_label(
        r"MARIAGE", DATE_PATTERN, lookahead=1
    )
    if wedding is not None and (day := date_from(wedding.groups[:6])) is not None:
        fields["date_mariage"] = _from(wedding, day)
    return fields


def _canonical(extractor: Callable[[TextIndex], Fields]) -> Callable[[TextIndex], Fields]:
    """``extractor`` giving its free-text fields in canonical form."""

    def extract(index: TextIndex) -> Fields:
        return canonical(extractor(index))

    extract.__name__ = extractor.__name__
    extract.__doc__ = extractor.__doc__
    return extract


EXTRACTORS: dict[str, Callable[[TextIndex], Fields]] = {
    "rib": _canonical(rib_fields),
    "avis_imposition": _canonical(avis_ocr_fields),
    "attestation_caf": _canonical(caf_fields),
    "justificatif_domicile": _canonical(domicile_fields),
    "attestation_droits_am": _canonical(droits_am_fields),
    "bulletin_salaire": _canonical(salaire_fields),
    "livret_famille": _canonical(livret_fields),
}
"""Per type, its fields read from the page's text, free-text ones in canonical form."""
