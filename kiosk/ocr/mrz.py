"""Machine-readable zones: formats, ICAO 9303 check digits, parsing into canonical fields.

Three layouts (design/OCR.md section 5):

- ``TD3`` passports: 2 lines of 44;
- ``TD1`` cards (the 2021 CNI, titres de séjour): 3 lines of 30;
- ``FR_CNI`` the French identity card of 1995-2021: 2 lines of 36, not ICAO, with its own
  parser (number check, birth-date check, a composite over both lines, no expiry date).

Each field carries its own verdict: the check digit that covers it, ``None`` for fields that
have none (names, sex, nationality). A value is reported as read: a failing check digit is
never "repaired". The only normalisations are those that the position fixes: in a digits-only
position, ``O`` can only be ``0``; in a letters-only position, ``0`` can only be ``O``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
TD3, TD1, FR_CNI = "TD3", "TD1", "FR_CNI"
LAYOUTS = {TD3: (2, 44), TD1: (3, 30), FR_CNI: (2, 36)}

_TO_DIGIT = str.maketrans(
    {
        "O": "0",
        "Q": "0",
        "D": "0",
        "U": "0",
        "I": "1",
        "L": "1",
        "Z": "2",
        "S": "5",
        "G": "6",
        "B": "8",
        "T": "7",
    }
)
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"})
_WEIGHTS = (7, 3, 1)


def char_value(char: str) -> int:
    """ICAO 9303 value of an MRZ character: digits as such, A=10..Z=35, ``<`` = 0.

    Raises:
        ValueError: for a character outside the MRZ alphabet.
    """
    if char.isdigit() and char.isascii():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"not an MRZ character: {char!r}")


def check_digit(data: str) -> str:
    """ICAO 9303 check digit of ``data``: weights 7, 3, 1 repeated, sum modulo 10."""
    return str(sum(char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def check_ok(data: str, digit: str) -> bool:
    """True if ``digit`` is the check digit of ``data``.

    A ``<`` check digit is accepted for an all-filler field (optional data left empty), as
    ICAO allows; anything outside the alphabet fails.
    """
    try:
        if digit == "<":
            return set(data) <= {"<"}
        return check_digit(data) == digit
    except ValueError:
        return False


def digits(text: str) -> str:
    """``text`` with letters that can only be digits here made digits (``O`` -> ``0``...)."""
    return text.translate(_TO_DIGIT)


def letters(text: str) -> str:
    """``text`` with digits that can only be letters here made letters (``0`` -> ``O``...)."""
    return text.translate(_TO_LETTER)


@dataclass(frozen=True, slots=True)
class MrzField:
    """One value of the MRZ.

    Attributes:
        value: normalised value (dates ``YYYY-MM-DD`` when they are dates).
        valid: its check digit's verdict, or None if it has none.
        raw: the characters as read.
    """

    value: str
    valid: bool | None
    raw: str


@dataclass(frozen=True, slots=True)
class MrzReading:
    """A parsed MRZ.

    Attributes:
        layout: ``"TD3"``, ``"TD1"`` or ``"FR_CNI"``.
        lines: the lines as read (after positional normalisation).
        document_code: the first two characters (``"P<"``, ``"ID"``, ``"IR"``...).
        fields: canonical field name -> value and verdict.
        checks: each check digit's name -> verdict (including the composite).
    """

    layout: str
    lines: tuple[str, ...]
    document_code: str
    fields: dict[str, MrzField] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        """``mrz_valide``: every check digit passes."""
        return bool(self.checks) and all(self.checks.values())


def _date(raw: str, birth: bool, today: dt.date) -> str:
    """``YYMMDD`` as ``YYYY-MM-DD``; the raw text if it is not a date."""
    if len(raw) != 6 or not raw.isdigit():
        return raw
    year, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:6])
    century = 2000 if not birth or year <= today.year % 100 else 1900
    try:
        return dt.date(century + year, month, day).isoformat()
    except ValueError:
        return raw


def _names(raw: str) -> tuple[str, str]:
    """Surname and given names (joined by ", ") from a ``SURNAME<<GIVEN<NAMES`` field."""
    surname, _, given = raw.strip("<").partition("<<")
    return " ".join(surname.split("<")).strip(), ", ".join(n for n in given.split("<") if n)


def _sex(raw: str) -> str:
    return {"F": "F", "M": "M", "<": "X", "X": "X"}.get(raw, raw)


def clean_filler(text: str) -> str:
    """Letters alone in a run of fillers are fillers misread (``<<K<<`` -> ``<<<<<``).

    ``<`` is worth 0 like ``K`` (20), ``A`` (10) and ``U`` (30), so check digits cannot
    tell them apart; a single letter between fillers, after a double filler, is no name.
    """
    chars = list(text)
    for index, char in enumerate(chars):
        if char == "<" or index < 2:
            continue
        before = "".join(chars[max(0, index - 2) : index])
        after = "".join(chars[index + 1 : index + 2])
        if before == "<<" and (after in ("<", "")) and char in "KAUXCEL":
            chars[index] = "<"
    return "".join(chars)


def _td3(lines: tuple[str, str], today: dt.date) -> MrzReading:
    one, two = lines
    one = one[:2] + letters(one[2:5]) + clean_filler(letters(one[5:]))
    number = two[0:9]
    two = (
        number
        + digits(two[9])
        + letters(two[10:13])
        + digits(two[13:20])
        + two[20]
        + digits(two[21:28])
        + two[28:42]
        + digits(two[42:44])
    )
    surname, given = _names(one[5:])
    checks = {
        "numero_document": check_ok(two[0:9], two[9]),
        "date_naissance": check_ok(two[13:19], two[19]),
        "date_expiration": check_ok(two[21:27], two[27]),
        "numero_personnel": check_ok(two[28:42], two[42]),
        "composite": check_ok(two[0:10] + two[13:20] + two[21:43], two[43]),
    }
    fields = {
        "nom": MrzField(surname, None, one[5:]),
        "prenoms": MrzField(given, None, one[5:]),
        "sexe": MrzField(_sex(two[20]), None, two[20]),
        "date_naissance": MrzField(
            _date(two[13:19], True, today), checks["date_naissance"], two[13:19]
        ),
        "nationalite": MrzField(two[10:13].replace("<", ""), None, two[10:13]),
        "numero_document": MrzField(number.rstrip("<"), checks["numero_document"], number),
        "date_expiration": MrzField(
            _date(two[21:27], False, today), checks["date_expiration"], two[21:27]
        ),
    }
    return MrzReading(TD3, (one, two), one[:2], fields, checks)


def _td1(lines: tuple[str, str, str], today: dt.date) -> MrzReading:
    one, two, three = lines
    one = one[:2] + letters(one[2:5]) + one[5:14] + digits(one[14]) + clean_filler(one[15:])
    two = (
        digits(two[0:7])
        + two[7]
        + digits(two[8:15])
        + letters(two[15:18])
        + two[18:29]
        + digits(two[29])
    )
    three = clean_filler(letters(three))
    number, number_check = one[5:14], one[14]
    if number_check == "<" and "<" in one[15:29]:  # ICAO long number: continues in optional data
        tail = one[15:].split("<", 1)[0]
        number, number_check = number + tail[:-1], tail[-1:] or "<"
    surname, given = _names(three)
    checks = {
        "numero_document": check_ok(number, number_check),
        "date_naissance": check_ok(two[0:6], two[6]),
        "date_expiration": check_ok(two[8:14], two[14]),
        "composite": check_ok(one[5:30] + two[0:7] + two[8:15] + two[18:29], two[29]),
    }
    fields = {
        "nom": MrzField(surname, None, three),
        "prenoms": MrzField(given, None, three),
        "sexe": MrzField(_sex(two[7]), None, two[7]),
        "date_naissance": MrzField(
            _date(two[0:6], True, today), checks["date_naissance"], two[0:6]
        ),
        "nationalite": MrzField(two[15:18].replace("<", ""), None, two[15:18]),
        "numero_document": MrzField(number.rstrip("<"), checks["numero_document"], number),
        "date_expiration": MrzField(
            _date(two[8:14], False, today), checks["date_expiration"], two[8:14]
        ),
    }
    return MrzReading(TD1, (one, two, three), one[:2], fields, checks)


def _fr_cni(lines: tuple[str, str], today: dt.date) -> MrzReading:
    one, two = lines
    one = "ID" + letters(one[2:5]) + clean_filler(letters(one[5:30])) + one[30:36]
    two = (
        digits(two[0:4])
        + two[4:12]
        + digits(two[12])
        + clean_filler(letters(two[13:27]))
        + digits(two[27:34])
        + two[34]
        + digits(two[35])
    )
    surname = " ".join(part for part in one[5:30].split("<") if part)
    given = ", ".join(part for part in two[13:27].split("<") if part)
    checks = {
        "numero_document": check_ok(two[0:12], two[12]),
        "date_naissance": check_ok(two[27:33], two[33]),
        "composite": check_ok(one + two[0:35], two[35]),
    }
    fields = {
        "nom": MrzField(surname, None, one[5:30]),
        "prenoms": MrzField(given, None, two[13:27]),
        "sexe": MrzField(_sex(two[34]), None, two[34]),
        "date_naissance": MrzField(
            _date(two[27:33], True, today), checks["date_naissance"], two[27:33]
        ),
        # Only French nationals hold this card: the issuing state is the nationality.
        "nationalite": MrzField(one[2:5], None, one[2:5]),
        "numero_document": MrzField(two[0:12], checks["numero_document"], two[0:12]),
    }
    return MrzReading(FR_CNI, (one, two), "ID", fields, checks)


def parse(lines: list[str] | tuple[str, ...], today: dt.date | None = None) -> MrzReading | None:
    """Parse MRZ lines of one of the three layouts; None if they fit none.

    The layout is chosen by the number and length of the lines and, for two lines of 36,
    by the ``IDFRA`` prefix of the old French card.
    """
    today = today or dt.date.today()
    rows = tuple(line.strip().replace(" ", "").upper() for line in lines)
    if any(set(row) - set(ALPHABET) for row in rows):
        return None
    lengths = tuple(len(row) for row in rows)
    if lengths == (44, 44):
        return _td3((rows[0], rows[1]), today)
    if lengths == (30, 30, 30):
        return _td1((rows[0], rows[1], rows[2]), today)
    if lengths == (36, 36) and rows[0][:2] in ("ID", "1D", "I0"):
        return _fr_cni((rows[0], rows[1]), today)
    return None


def document_type(reading: MrzReading) -> str:
    """The kiosk's document type for an MRZ: ``passeport``, ``cni`` or ``titre_sejour``.

    ``P`` is a passport; a TD1 coded ``ID`` (or the old French card) is an identity card;
    any other TD1 code (``IR``, ``IT``... [U] in design/OCR.md) is taken for a residence
    permit.
    """
    if reading.layout == TD3:
        return "passeport"
    if reading.layout == FR_CNI or reading.document_code in ("ID", "I<"):
        return "cni"
    return "titre_sejour"
