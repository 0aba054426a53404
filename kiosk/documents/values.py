"""Field values as a person reads and types them, and the checks done again after an edit.

The station shows a value the way it is printed on paper (a date as ``31/12/2030``, an IBAN
in groups of four) and files it in its canonical form (design/OCR.md: ``2030-12-31``,
``FR7630006000011234567890189``). A value the person typed is checked again with the same
checksums as a value read (IBAN key, BIC, NIR key, numéro fiscal key); nothing is ever
changed to make a checksum pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType

from kiosk.ocr.fields import bic_valid, iban_valid, nif_valid, nir_valid

DATE_FIELDS = frozenset({"date_naissance", "date_expiration", "date_document", "date_mariage"})
_COMPACT_FIELDS = frozenset({"iban", "bic", "nir", "numero_fiscal", "reference_avis"})

#: The checksum of each field that has one.
CHECKS: Mapping[str, Callable[[str], bool]] = MappingProxyType(
    {"iban": iban_valid, "bic": bic_valid, "nir": nir_valid, "numero_fiscal": nif_valid}
)

_FRENCH_DATE = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def shown(name: str, value: str) -> str:
    """A canonical value as the person reads it (dates ``JJ/MM/AAAA``, IBAN by fours)."""
    if name in DATE_FIELDS and _ISO_DATE.fullmatch(value):
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    if name == "iban":
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value


def canonical(name: str, text: str) -> str:
    """What the person typed, in the canonical form of the field.

    Spaces are dropped from numbers (IBAN, NIR...), which are upper-cased; a date typed
    ``JJ/MM/AAAA`` becomes ``AAAA-MM-JJ`` when it is a real day. Anything else is kept as
    typed, trimmed: a wrong value stays visible as such.
    """
    text = " ".join(text.split())
    if name in _COMPACT_FIELDS:
        return text.replace(" ", "").upper()
    if name in DATE_FIELDS:
        match = _FRENCH_DATE.fullmatch(text)
        if match is not None:
            day, month, year = (int(group) for group in match.groups())
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                return text
    return text


def check(name: str, value: str) -> bool | None:
    """The checksum verdict on a canonical value, or None for a field without a checksum.

    A date has no checksum: it gets None when it is a real day in ``AAAA-MM-JJ`` form, and
    False otherwise (a date that cannot be understood must be looked at again).
    """
    if name in DATE_FIELDS:
        if not _ISO_DATE.fullmatch(value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return None
    checker = CHECKS.get(name)
    return None if checker is None else checker(value)
