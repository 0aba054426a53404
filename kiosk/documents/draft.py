"""From what the station read to what the person confirms: the rows of the review screen.

For the type the person confirms, the review shows one row per canonical field
(:data:`kiosk.domain.documents.CANONICAL_FIELDS`): the value read on the first page that
has it, or an empty box when no page had it (the person may type it; nothing is invented).
When the person presses "C'est exact", each row becomes a
:class:`~kiosk.documents.filing.ConfirmedField`: a value left as read keeps its reading's
verdict, source and confidence; a value the person changed or typed is checked again
(:func:`kiosk.documents.values.check`) and marked as theirs. Empty rows are not filed.
Verdict rows (check digits of the MRZ, 2D-Doc signature) are shown, never typed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.documents.filing import SOURCES, ConfirmedField
from kiosk.documents.values import canonical, check
from kiosk.domain.documents import CANONICAL_FIELDS, VERDICT_FIELDS, DocumentType
from kiosk.ocr.fields import FieldReading


@dataclass(frozen=True, slots=True)
class FieldRow:
    """One row of the review.

    Attributes:
        name: canonical field name.
        read: the canonical value read ("" when not read).
        valid: the checksum verdict on the value read.
        source: where it was read (``"ocr"``, ``"mrz"``, ``"2ddoc"``), "" when not read.
        confidence: the reading's confidence in percent (0 when not read).
        verdict: a verdict of the station (shown, not editable).
    """

    name: str
    read: str = ""
    valid: bool | None = None
    source: str = ""
    confidence: int = 0
    verdict: bool = False

    def mark(self, typed: str) -> bool | None:
        """The mark to show for what the box now holds (✓, "à vérifier" or nothing)."""
        if self.verdict:
            return self.valid
        value = canonical(self.name, typed)
        if not value:
            return None
        if self.read and value == self.read:
            return self.valid
        return check(self.name, value)

    def confirmed(self, typed: str) -> ConfirmedField | None:
        """The field as the person confirms it, or None for an empty box."""
        if self.verdict:
            if not self.read:
                return None
            return ConfirmedField(self.name, self.read, self.valid, self._source(), self.confidence)
        value = canonical(self.name, typed)
        if not value:
            return None
        if self.read and value == self.read:
            return ConfirmedField(self.name, value, self.valid, self._source(), self.confidence)
        return ConfirmedField(
            self.name, value, check(self.name, value), "person", 100, changed=bool(self.read)
        )

    def _source(self) -> str:
        return self.source if self.source in SOURCES else "ocr"


def _text(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def merged(readings: Sequence[Mapping[str, FieldReading]]) -> dict[str, FieldReading]:
    """The fields of several pages: for each name, the first page that has it."""
    fields: dict[str, FieldReading] = {}
    for page in readings:
        for name, reading in page.items():
            fields.setdefault(name, reading)
    return fields


def rows_for(doc_type: DocumentType, fields: Mapping[str, FieldReading]) -> list[FieldRow]:
    """The review's rows for ``doc_type``, filled with what was read."""
    rows = []
    for name in CANONICAL_FIELDS[doc_type]:
        reading = fields.get(name)
        verdict = name in VERDICT_FIELDS
        if reading is None:
            rows.append(FieldRow(name, verdict=verdict))
            continue
        valid = reading.value if verdict and isinstance(reading.value, bool) else reading.valid
        rows.append(
            FieldRow(
                name,
                _text(reading.value),
                valid,
                reading.source,
                max(0, min(100, round(reading.confidence * 100))),
                verdict,
            )
        )
    return rows


def confirm(rows: Sequence[FieldRow], typed: Mapping[str, str]) -> tuple[ConfirmedField, ...]:
    """The confirmed fields of the rows, given what each box holds (by field name)."""
    fields = (row.confirmed(typed.get(row.name, "")) for row in rows)
    return tuple(field for field in fields if field is not None)
