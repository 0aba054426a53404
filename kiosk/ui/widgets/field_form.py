"""The fields of a document on the review screen: label, value to check or correct, mark.

One block per field: its plain-French label, and under it a large text box holding the
value as printed on paper (a date as ``31/12/2030``) with its mark beside it: ✓ when the
value's check passed (an IBAN's key, a NIR's key...), "à vérifier" when it failed. The mark
follows what the box holds: a corrected IBAN whose key now passes gets its ✓; nothing is
ever corrected by the station. Verdict rows (the coded lines of an identity document, the
2D-Doc) are shown, not typed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from kiosk.documents.draft import FieldRow
from kiosk.documents.values import shown
from kiosk.ui.document_words import field_label, mark_description, mark_text, verdict_text
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import make_label, show_text

MAX_VALUE_LENGTH = 200


class FieldForm(QWidget):
    """The rows of the fields of one document.

    Attributes:
        rows: the rows shown, in order.
        boxes: the text box of each editable field, by name.
        marks: the ✓ of each field, by name (shown when its check passed).
        warnings: the "à vérifier" of each field, by name (shown when its check failed).
        labels: the label of each field, by name.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        """Creates an empty form.

        Args:
            theme: colours and sizes.
            parent: the Qt parent.
        """
        super().__init__(parent)
        self._theme = theme
        self.rows: list[FieldRow] = []
        self.boxes: dict[str, QLineEdit] = {}
        self.marks: dict[str, QLabel] = {}
        self.warnings: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(theme.sizes.spacing_px)
        self._grid.setVerticalSpacing(theme.sizes.spacing_px // 2)
        self._grid.setColumnStretch(0, 1)

    def _clear(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.boxes.clear()
        self.marks.clear()
        self.warnings.clear()
        self.labels.clear()

    def set_rows(self, rows: Sequence[FieldRow], keep: Mapping[str, str] | None = None) -> None:
        """Shows ``rows``; a box whose name is in ``keep`` holds that text instead."""
        self._clear()
        self.rows = list(rows)
        sizes = self._theme.sizes
        for index, row in enumerate(self.rows):
            label = make_label(self, Role.HINT)
            mark = make_label(self, Role.BODY)
            warning = make_label(self, Role.ALERT)
            warning.setWordWrap(False)
            self.labels[row.name], self.marks[row.name] = label, mark
            self.warnings[row.name] = warning
            marks = QWidget(self)
            marks.setMinimumWidth(sizes.button_min_width_px + sizes.spacing_px)
            line = QHBoxLayout(marks)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(mark)
            line.addWidget(warning)
            line.addStretch(1)
            self._grid.addWidget(label, 2 * index, 0, 1, 2)
            if row.verdict:
                value = make_label(self, Role.BODY)
                value.setObjectName(f"verdict_{row.name}")
                self._grid.addWidget(value, 2 * index + 1, 0)
            else:
                box = QLineEdit(self)
                box.setMinimumHeight(sizes.button_min_height_px)
                box.setMaxLength(MAX_VALUE_LENGTH)
                box.setText(
                    keep[row.name] if keep and row.name in keep else shown(row.name, row.read)
                )
                box.textChanged.connect(lambda _text, name=row.name: self._refresh_mark(name))
                label.setBuddy(box)
                self.boxes[row.name] = box
                self._grid.addWidget(box, 2 * index + 1, 0)
            self._grid.addWidget(marks, 2 * index + 1, 1, Qt.AlignmentFlag.AlignVCenter)
        self.retranslate()

    def texts(self) -> dict[str, str]:
        """What each editable box holds, by field name."""
        return {name: box.text() for name, box in self.boxes.items()}

    def mark_of(self, name: str) -> bool | None:
        """The verdict the mark of ``name`` shows now."""
        row = next(r for r in self.rows if r.name == name)
        box = self.boxes.get(name)
        return row.mark("" if box is None else box.text())

    def shown_mark(self, name: str) -> str:
        """The mark shown beside ``name`` now ("✓", "à vérifier" or "")."""
        for label in (self.marks[name], self.warnings[name]):
            if label.text():
                return label.text()
        return ""

    def _refresh_mark(self, name: str) -> None:
        mark, warning = self.marks.get(name), self.warnings.get(name)
        if mark is None or warning is None:
            return
        verdict = self.mark_of(name)
        text, description = mark_text(verdict), mark_description(verdict)
        show_text(mark, text if verdict is True else "")
        show_text(warning, text if verdict is False else "")
        for label in (mark, warning):
            label.setAccessibleDescription(description)
        box = self.boxes.get(name)
        if box is not None:
            box.setAccessibleName(self.labels[name].text())
            box.setAccessibleDescription(description)

    def retranslate(self) -> None:
        """Sets every label and mark in the current language."""
        for row in self.rows:
            show_text(self.labels[row.name], field_label(row.name))
            if row.verdict:
                value = self.findChild(QLabel, f"verdict_{row.name}")
                if value is not None:
                    show_text(value, verdict_text(row.valid if row.read else None))
            self._refresh_mark(row.name)
