"""Field values: how they are found in OCR text, normalised and validated.

A value is always returned as read. Validation only *marks* it: an IBAN whose key is wrong
keeps its digits and gets ``valid=False``; nothing is "corrected" to make a checksum pass.
The only rewriting is positional (a letter ``O`` where the format only allows digits is
``0``), as for the MRZ. Checksums use python-stdnum (NIR, numéro fiscal, SIRET) and
schwifty (IBAN with the French RIB key, BIC).

:class:`TextIndex` searches the page's lines on a folded copy (upper case, no accents, one
character per character) so that a match maps back to the words it covers: their lowest
confidence and the box around them go with the value, for the review screen.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.fr import nif, nir, siret

from kiosk.ocr.recognise import Box, OcrText, TextLine, Word, union_box

FieldValue = str | bool


@dataclass(frozen=True, slots=True)
class FieldReading:
    """One field as read.

    Attributes:
        value: normalised value (design/OCR.md), or a verdict (``mrz_valide``...).
        confidence: in [0, 1].
        valid: the checksum's verdict; None when the field has no checksum.
        box: where it was read on the rectified page, if known.
        source: ``"ocr"``, ``"mrz"`` or ``"2ddoc"``.
    """

    value: FieldValue
    confidence: float
    valid: bool | None = None
    box: Box | None = None
    source: str = "ocr"


TEXT_FIELDS = frozenset({"nom", "prenoms", "titulaire", "employeur", "adresse", "commune"})
"""Free-text fields, given in their canonical form: upper case with the accents kept, one
space between words (design/OCR.md: names keep their accents; case carries no meaning, a
bill prints "Nîmes" where a card prints "NÎMES")."""


def canonical_text(value: str) -> str:
    """A free-text value in canonical form: upper case, accents kept, single spaces."""
    return " ".join(value.upper().split())


def canonical(fields: dict[str, FieldReading]) -> dict[str, FieldReading]:
    """``fields`` with the free-text ones (:data:`TEXT_FIELDS`) in canonical form; a value
    left empty by it is dropped."""
    out: dict[str, FieldReading] = {}
    for name, reading in fields.items():
        if name in TEXT_FIELDS and isinstance(reading.value, str):
            text = canonical_text(reading.value)
            if not text:
                continue
            reading = replace(reading, value=text)
        out[name] = reading
    return out


# --- folding and searching ---------------------------------------------------------------


def fold_char(char: str) -> str:
    """One character upper-cased without its accent (always one character)."""
    base = unicodedata.normalize("NFKD", char)[:1] or char
    folded = base.upper()
    return folded if len(folded) == 1 else char


def fold(text: str) -> str:
    """``text`` upper-cased without accents, same length (positions map back)."""
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True, slots=True)
class Hit:
    """A regular-expression match on one line, mapped back to its words.

    Attributes:
        text: the matched original text (accents and case as read).
        groups: the original text of each group (None for a group that did not match).
        line: index of the line.
        confidence: lowest confidence of the words the match covers.
        box: box around those words.
    """

    text: str
    groups: tuple[str | None, ...]
    line: int
    confidence: float
    box: Box | None
    end: int = 0


class TextIndex:
    """The lines of a page, ready for folded regular-expression searches.

    Lines are cut where a wide gap separates two columns (tesseract joins a row of two
    columns, "M. DUPONT JEAN      LCL ROUBAIX", into one line): each piece is a "line" here,
    in reading order, so that a value and its neighbour column do not run together.
    """

    def __init__(self, text: OcrText) -> None:
        self.lines: list[TextLine] = [seg for line in text.lines for seg in segments(line)]
        self.texts = [line.text for line in self.lines]
        self.folded = [fold(t) for t in self.texts]
        self._spans: list[list[tuple[int, int]]] = []
        for line in self.lines:
            spans, position = [], 0
            for word in line.words:
                spans.append((position, position + len(word.text)))
                position += len(word.text) + 1
            self._spans.append(spans)

    def hit(self, index: int, match: re.Match[str]) -> Hit:
        """The :class:`Hit` of a match found on folded line ``index``."""
        start, end = match.span()
        original = self.texts[index]
        words = [
            word
            for word, (a, b) in zip(self.lines[index].words, self._spans[index], strict=True)
            if a < end and b > start
        ]
        groups = tuple(
            None if match.start(g) < 0 else original[match.start(g) : match.end(g)]
            for g in range(1, (match.re.groups or 0) + 1)
        )
        return Hit(
            original[start:end],
            groups,
            index,
            min((w.confidence for w in words), default=0.0),
            union_box([w.box for w in words]) if words else None,
            end,
        )

    def search(
        self, pattern: str | re.Pattern[str], start: int = 0, stop: int | None = None
    ) -> Iterator[Hit]:
        """Every match of ``pattern`` (on folded text), line by line from ``start``."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        for index in range(start, len(self.lines) if stop is None else min(stop, len(self.lines))):
            for match in regex.finditer(self.folded[index]):
                yield self.hit(index, match)

    def first(
        self, pattern: str | re.Pattern[str], start: int = 0, stop: int | None = None
    ) -> Hit | None:
        """The first match, or None."""
        return next(self.search(pattern, start, stop), None)

    def after_label(self, label: str, value: str, lookahead: int = 2) -> Hit | None:
        """``value`` after ``label`` on the same line, or further right on the same row (a
        form's value column), or in the next ``lookahead`` lines."""
        regex = re.compile(value)
        for found in self.search(label):
            rest = regex.search(self.folded[found.line], found.end)
            if rest:
                return self.hit(found.line, rest)
            if found.end >= len(self.folded[found.line].rstrip()) - 1:
                beside = self.right_of(found, value)
                if beside is not None:
                    return beside
            for index in range(found.line + 1, min(found.line + 1 + lookahead, len(self.lines))):
                nxt = regex.search(self.folded[index])
                if nxt:
                    return self.hit(index, nxt)
        return None

    def right_of(self, found: Hit, value: str) -> Hit | None:
        """``value`` in a line to the right of ``found``, on the same row (tables read
        column by column: the label's amount is level with it, further right)."""
        if found.box is None:
            return None
        regex = re.compile(value)
        centre = found.box[1] + found.box[3] / 2
        best: tuple[int, Hit] | None = None
        for index, line in enumerate(self.lines):
            box = line.box
            if box[0] < found.box[0] + found.box[2] or abs(
                box[1] + box[3] / 2 - centre
            ) > 0.7 * max(found.box[3], box[3]):
                continue
            match = regex.search(self.folded[index])
            if match and (best is None or box[0] < best[0]):
                best = (box[0], self.hit(index, match))
        return best[1] if best else None

    def below(self, found: Hit, value: str, rows: int = 2) -> Hit | None:
        """``value`` in a line under ``found`` in the same column (within ``rows`` lines)."""
        if found.box is None:
            return None
        regex = re.compile(value)
        left, top, width, height = found.box
        candidates = []
        for index, line in enumerate(self.lines):
            box = line.box
            if box[1] <= top + height / 2 or box[1] > top + height * (1.8 * rows + 0.5):
                continue
            if box[0] > left + width or box[0] + box[2] < left:
                continue
            candidates.append((box[1], index))
        for _, index in sorted(candidates):
            match = regex.search(self.folded[index])
            if match:
                return self.hit(index, match)
        return None

    def column_between(self, first: int, last: int, anchor: int | None = None) -> list[int]:
        """Lines strictly between lines ``first`` and ``last`` that lie in the column of line
        ``anchor`` (default ``first``): horizontally overlapping it, in reading order."""
        reference = self.lines[first if anchor is None else anchor].box
        left, right = reference[0], reference[0] + reference[2]
        chosen = []
        for index in range(max(0, first + 1), min(last, len(self.lines))):
            box = self.lines[index].box
            if (
                box[0] < right
                and box[0] + box[2] > left
                and abs(box[0] - left) < 0.5 * (right - left) + 2 * box[3]
            ):
                chosen.append(index)
        return chosen


def segments(line: TextLine) -> list[TextLine]:
    """``line`` cut at gaps wider than twice its words' height (column boundaries)."""
    words = line.words
    if len(words) < 2:
        return [line]
    height = sorted(word.box[3] for word in words)[len(words) // 2]
    pieces: list[list[Word]] = [[words[0]]]
    for previous, word in itertools.pairwise(words):
        gap = word.box[0] - (previous.box[0] + previous.box[2])
        if gap > 2.2 * max(height, 1):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [TextLine(tuple(piece)) for piece in pieces]


# --- normalisers -------------------------------------------------------------------------

MONTHS = {
    "JANVIER": 1,
    "FEVRIER": 2,
    "MARS": 3,
    "AVRIL": 4,
    "MAI": 5,
    "JUIN": 6,
    "JUILLET": 7,
    "AOUT": 8,
    "SEPTEMBRE": 9,
    "OCTOBRE": 10,
    "NOVEMBRE": 11,
    "DECEMBRE": 12,
    "JANV": 1,
    "FEVR": 2,
    "AVR": 4,
    "JUIL": 7,
    "SEPT": 9,
    "OCT": 10,
    "NOV": 11,
    "DEC": 12,
}
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERN = (
    rf"(\d{{1,2}})\s?[/.\-]\s?(\d{{1,2}})\s?[/.\-]\s?(\d{{4}}|\d{{2}})\b"
    rf"|(\d{{1,2}})(?:ER)?\s+({MONTH_WORDS})\.?\s+(\d{{4}})"
)
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
    }
)


def date_from(groups: tuple[str | None, ...]) -> str | None:
    """``YYYY-MM-DD`` from the groups of :data:`DATE_PATTERN`, or None if no such day."""
    if groups[0] is not None:
        day, month, year = int(groups[0]), int(groups[1] or 0), groups[2] or ""
        full_year = int(year) if len(year) == 4 else 2000 + int(year)
    else:
        day, month = int(groups[3] or 0), MONTHS.get(fold(groups[4] or "").rstrip("."), 0)
        full_year = int(groups[5] or 0)
    try:
        return dt.date(full_year, month, day).isoformat()
    except ValueError:
        return None


def only_digits(text: str) -> str:
    """The digits of ``text`` once look-alike letters are read as digits (``O`` -> ``0``)."""
    return "".join(c for c in text.translate(_DIGIT_LOOKALIKES) if c.isdigit())


def amount(text: str) -> str | None:
    """A French amount (``"1 234,56 €"``) as a decimal string (``"1234.56"``)."""
    cleaned = re.sub(r"[\s\u202f\u00a0€]|EUR", "", text.upper())
    match = re.fullmatch(r"(\d{1,3}(?:[.]\d{3})*|\d+)(?:[,.](\d{1,2}))?", cleaned)
    if not match:
        return None
    units = match.group(1).replace(".", "")
    cents = match.group(2)
    return f"{int(units)}.{cents.ljust(2, '0')}" if cents else str(int(units))


def decimal_parts(text: str) -> str | None:
    """A number of tax shares (``"1,5"``, ``"2"``, ``"2.50"``) as ``"1.5"``, ``"2"``."""
    match = re.fullmatch(r"(\d{1,2})(?:[,.](\d{1,2}))?", text.strip())
    if not match:
        return None
    decimals = (match.group(2) or "").rstrip("0")
    return f"{int(match.group(1))}.{decimals}" if decimals else str(int(match.group(1)))


# --- validators --------------------------------------------------------------------------


def iban_valid(value: str) -> bool:
    """mod-97 and, where the country has one, the national key (the French RIB key)."""
    try:
        IBAN(value, validate_bban=True)
    except (SchwiftyException, ValueError):
        return False
    return True


def bic_valid(value: str) -> bool:
    """A BIC of valid structure and country."""
    try:
        BIC(value)
    except (SchwiftyException, ValueError):
        return False
    return True


def nir_valid(value: str) -> bool:
    """The NIR's key (97 - number mod 97, Corsica handled)."""
    return bool(nir.is_valid(value))


def nif_valid(value: str) -> bool:
    """The numéro fiscal's (SPI) key."""
    return bool(nif.is_valid(value))


def siret_valid(value: str) -> bool:
    """The SIRET's Luhn key."""
    return bool(siret.is_valid(value))
