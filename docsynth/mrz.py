"""Machine-readable zones: ICAO 9303 TD1 (3x30), TD3 (2x44) and the old French CNI (2x36).

``bad`` names a check digit to corrupt on purpose: ``"number"``, ``"birth"``, ``"expiry"``,
``"personal"`` (TD3 only) or ``"composite"``. ``checks()`` recomputes every check digit of a
zone, independently of how it was built, and is what the tests compare against.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

FILLER = "<"
_WEIGHTS = (7, 3, 1)
_SPECIAL = {"Œ": "OE", "œ": "OE", "Æ": "AE", "æ": "AE", "ß": "SS"}


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == FILLER:
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(data: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 repeated, sum modulo 10."""
    total = sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data))
    return str(total % 10)


def _wrong_digit(good: str) -> str:
    return str((int(good) + 5) % 10)


def transliterate(text: str) -> str:
    """Printed name -> MRZ characters: accents dropped, apostrophes removed,
    hyphens and spaces become ``<``."""
    for k, v in _SPECIAL.items():
        text = text.replace(k, v)
    text = unicodedata.normalize("NFKD", text)
    out = []
    for ch in text.upper():
        if unicodedata.combining(ch) or ch in "'’":
            continue
        if "A" <= ch <= "Z" or ch.isdigit():
            out.append(ch)
        elif ch in " -,":
            out.append(FILLER)
    return "".join(out)


def yymmdd(d: date) -> str:
    return d.strftime("%y%m%d")


def _field(text: str, width: int) -> str:
    return text[:width].ljust(width, FILLER)


def name_field(surname: str, given: tuple[str, ...], width: int) -> str:
    """``SURNAME<<GIVEN<NAMES`` padded or truncated to ``width``."""
    g = FILLER.join(transliterate(x) for x in given)
    return _field(f"{transliterate(surname)}{FILLER * 2}{g}", width)


@dataclass(frozen=True)
class MrzData:
    doc_code: str  # "ID", "IR", "P<"
    issuer: str  # "FRA"
    number: str  # at most 9 characters
    birth: date
    sex: str  # "F", "M" or "<"
    expiry: date
    nationality: str
    surname: str  # printed form; transliterated here
    given: tuple[str, ...]
    optional1: str = ""
    optional2: str = ""


def _check(data: str, field: str, bad: str | None) -> str:
    d = check_digit(data)
    return _wrong_digit(d) if bad == field else d


def td1(m: MrzData, *, bad: str | None = None) -> list[str]:
    if len(m.number) > 9:
        raise ValueError("TD1 document numbers longer than 9 are not generated")
    number = _field(m.number, 9)
    l1 = m.doc_code.ljust(2, FILLER) + m.issuer + number + _check(number, "number", bad) \
        + _field(m.optional1, 15)
    birth, expiry = yymmdd(m.birth), yymmdd(m.expiry)
    l2 = birth + _check(birth, "birth", bad) + m.sex + expiry + _check(expiry, "expiry", bad) \
        + m.nationality + _field(m.optional2, 11)
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    l2 += _check(composite, "composite", bad)
    l3 = name_field(m.surname, m.given, 30)
    return [l1, l2, l3]


def td3(m: MrzData, *, bad: str | None = None) -> list[str]:
    l1 = m.doc_code.ljust(2, FILLER) + m.issuer + name_field(m.surname, m.given, 39)
    number = _field(m.number, 9)
    birth, expiry = yymmdd(m.birth), yymmdd(m.expiry)
    personal = _field(m.optional1, 14)
    l2 = number + _check(number, "number", bad) + m.nationality + birth \
        + _check(birth, "birth", bad) + m.sex + expiry + _check(expiry, "expiry", bad) \
        + personal + _check(personal, "personal", bad)
    composite = l2[0:10] + l2[13:20] + l2[21:43]
    l2 += _check(composite, "composite", bad)
    return [l1, l2]


def old_cni(surname: str, given: tuple[str, ...], number: str, birth: date, sex: str,
            admin_code: str, *, bad: str | None = None) -> list[str]:
    """French CNI 1995-2021 (not ICAO): ``IDFRA`` + surname (25) + admin code (6) /
    number (12) + check + given names (14, separated by ``<<``) + birth + check + sex +
    composite check over both lines."""
    if len(number) != 12 or len(admin_code) != 6:
        raise ValueError("old CNI: number has 12 characters, admin code 6")
    l1 = "IDFRA" + _field(transliterate(surname), 25) + admin_code
    g = (FILLER * 2).join(transliterate(x) for x in given)
    b = yymmdd(birth)
    l2 = number + _check(number, "number", bad) + _field(g, 14) + b + _check(b, "birth", bad) \
        + sex
    l2 += _check(l1 + l2, "composite", bad)
    return [l1, l2]


def checks(lines: list[str]) -> dict[str, bool]:
    """Recompute every check digit of a TD1, TD3 or old-CNI zone."""
    def ok(data: str, digit: str) -> bool:
        return (digit != FILLER and check_digit(data) == digit) or (
            digit == FILLER and set(data) == {FILLER})

    if len(lines) == 3 and all(len(x) == 30 for x in lines):
        l1, l2, _ = lines
        return {
            "number": ok(l1[5:14], l1[14]),
            "birth": ok(l2[0:6], l2[6]),
            "expiry": ok(l2[8:14], l2[14]),
            "composite": ok(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
        }
    if len(lines) == 2 and all(len(x) == 44 for x in lines):
        l2 = lines[1]
        return {
            "number": ok(l2[0:9], l2[9]),
            "birth": ok(l2[13:19], l2[19]),
            "expiry": ok(l2[21:27], l2[27]),
            "personal": ok(l2[28:42], l2[42]),
            "composite": ok(l2[0:10] + l2[13:20] + l2[21:43], l2[43]),
        }
    if len(lines) == 2 and all(len(x) == 36 for x in lines):
        l1, l2 = lines
        return {
            "number": ok(l2[0:12], l2[12]),
            "birth": ok(l2[27:33], l2[33]),
            "composite": ok(l1 + l2[:35], l2[35]),
        }
    raise ValueError("unknown MRZ shape")


# Which canonical field each check digit protects.
CHECK_FIELDS = {
    "number": "numero_document",
    "birth": "date_naissance",
    "expiry": "date_expiration",
}
