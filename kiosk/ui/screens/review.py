"""Checking what the station read, and filing it: "C'est exact".

The review shows the straightened page (all pages, one at a time), the type of document the
station thinks it is (the person may choose another; for an "autre document" they say which
institution it comes from), and each field of that type: the value read, editable, with its
mark (✓ when its check passed, "à vérifier" when it failed; never silently corrected), or an
empty box when it was not read (nothing is invented). Doubts about the photo (blurred, small,
edges not found) are said in plain words.

Nothing is filed until the person presses "C'est exact": the document then goes into the
vault, encrypted, on the vault's thread. "Ajouter une page" photographs the next page of the
same document; "Recommencer" drops the pages and starts again; "Retour" leaves without
filing anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.documents.access import Ticket
from kiosk.documents.draft import confirm, merged, rows_for
from kiosk.documents.errors import NoOpenVault
from kiosk.documents.filing import Draft, FiledDocument
from kiosk.domain.documents import DEFAULT_CLASSIFICATION, DocumentType
from kiosk.domain.errors import KioskError
from kiosk.domain.institutions import InstitutionKind
from kiosk.ocr.pipeline import DocumentReading
from kiosk.ui import messages
from kiosk.ui.camera_feed import gray_image
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.document_words import institution_name, type_name
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.document_frame import DocumentScreen
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.field_form import FieldForm
from kiosk.ui.widgets.labels import make_label, show_text
from kiosk.ui.widgets.page_view import PageView

# Below this confidence the person is told the station is not sure of the type.
SURE_TYPE = 0.6


class ReviewScreen(DocumentScreen):
    """What was read, to check, correct and confirm.

    Attributes:
        view: the page shown.
        page_label, previous_button, next_button: which page, and the way to the others.
        type_box: the type of document (plain names).
        type_note: what the station thinks of the type.
        institution_box: the institution of an "autre document" (hidden otherwise).
        form: the fields.
        problems: doubts about the photo.
        confirm_button: "C'est exact".
        add_page_button: "Ajouter une page".
        restart_button: "Recommencer".

    Signals:
        filed(object): the :class:`~kiosk.documents.filing.FiledDocument` now in the vault.
        add_page_requested(): photograph another page of this document.
        restart_requested(): the pages were dropped; photograph the first page again.
        closed(): inherited; "Retour", nothing filed.
    """

    screen_id = "review"
    filed = Signal(object)
    add_page_requested = Signal()
    restart_requested = Signal()

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        services: DocumentServices,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the screen; see :class:`~kiosk.ui.screens.document_frame.DocumentScreen`."""
        super().__init__(theme, language, services, parent)
        sizes = theme.sizes
        self._readings: list[DocumentReading] = []
        self._replacing: FiledDocument | None = None
        self._page = 0
        self._filing = False

        self.view = PageView(theme, self)
        self.page_label = make_label(self, Role.BODY)
        self.previous_button = self.button(Role.SECONDARY, lambda: self.show_page(self._page - 1))
        self.next_button = self.button(Role.SECONDARY, lambda: self.show_page(self._page + 1))
        left = QVBoxLayout()
        left.addWidget(self.view, 1)
        left.addLayout(self.row(self.previous_button, self.page_label, self.next_button))

        self.type_label = make_label(self, Role.BODY)
        self.type_box = self._combo([(type_name(t), t.value) for t in DocumentType])
        self.type_note = make_label(self, Role.HINT)
        self.institution_label = make_label(self, Role.BODY)
        self.institution_box = self._combo(
            [
                (institution_name(i), i.value)
                for i in InstitutionKind
                if i is not InstitutionKind.CMS
            ]
        )
        self.form = FieldForm(theme, self)
        self.problems = make_label(self, Role.HINT)
        details = QWidget(self)
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, sizes.spacing_px, 0)
        column.setSpacing(sizes.spacing_px // 2)
        for widget in (
            self.type_label,
            self.type_box,
            self.type_note,
            self.institution_label,
            self.institution_box,
            self.form,
            self.problems,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(details)

        split = QHBoxLayout()
        split.setSpacing(sizes.spacing_px)
        split.addLayout(left, 1)
        split.addWidget(scroll, 2)
        self.confirm_button = self.button(Role.PRIMARY, self.confirm)
        self.add_page_button = self.button(Role.SECONDARY, self.add_page_requested.emit)
        self.restart_button = self.button(Role.SECONDARY, self.restart)
        self.body.addLayout(split, 1)
        self.body.addLayout(
            self.row(self.confirm_button, self.add_page_button, self.restart_button)
        )

        self.type_box.currentIndexChanged.connect(self._on_type_chosen)
        self.institution_box.currentIndexChanged.connect(lambda _i: self.retranslate())
        self.job.succeeded.connect(self._on_filed)
        self.job.failed.connect(self._on_failed)
        self.retranslate()

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox(self)
        box.setMinimumHeight(self.theme.sizes.button_min_height_px)
        for text, value in items:
            box.addItem(text, value)
        return box

    # -- state ----------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        """How many pages the document has so far."""
        return len(self._readings)

    @property
    def chosen_type(self) -> DocumentType:
        """The type shown in the type box."""
        return DocumentType(str(self.type_box.currentData()))

    @property
    def replacing(self) -> FiledDocument | None:
        """The document these pages replace, if any."""
        return self._replacing

    def begin(self, ticket: Ticket | None, replacing: FiledDocument | None = None) -> None:
        """Starts a new document (or a newer version of ``replacing``): no page yet.

        Args:
            ticket: whose vault the document goes into.
            replacing: the document these pages are a newer version of, if any.
        """
        self.reset()
        self.ticket = ticket
        self._replacing = replacing

    def add_reading(self, reading: DocumentReading) -> None:
        """Adds the reading of one more page and shows it."""
        self._readings.append(reading)
        self._error = None
        if len(self._readings) == 1:
            first = self._replacing.type if self._replacing is not None else reading.type
            self._select(self.type_box, first.value)
            self._select(self.institution_box, DEFAULT_CLASSIFICATION[first].institution.value)
        self._fill_form()
        self.show_page(len(self._readings) - 1)

    def _select(self, box: QComboBox, value: str) -> None:
        box.blockSignals(True)
        box.setCurrentIndex(max(0, box.findData(value)))
        box.blockSignals(False)

    def show_page(self, index: int) -> None:
        """Shows page ``index`` (0 for the first)."""
        if not self._readings:
            self.view.clear()
            return
        self._page = max(0, min(index, len(self._readings) - 1))
        image = self._readings[self._page].image
        if image is None:
            self.view.clear()
        else:
            self.view.show_image(gray_image(image))
        self.retranslate()

    def _fill_form(self, keep: dict[str, str] | None = None) -> None:
        fields = merged([reading.fields for reading in self._readings])
        self.form.set_rows(rows_for(self.chosen_type, fields), keep)

    def _on_type_chosen(self, _index: int) -> None:
        self._fill_form(keep=self.form.texts())
        self.retranslate()

    def restart(self) -> None:
        """Drops the pages read (nothing filed) and asks for the first page again."""
        self.begin(self.ticket, self._replacing)
        self.restart_requested.emit()

    def reset(self) -> None:
        """Forgets the pages, what was read and typed (nothing is filed)."""
        self._readings = []
        self._replacing = None
        self._page = 0
        self._filing = False
        self.view.clear()
        self.form.set_rows([])
        super().reset()

    # -- filing ---------------------------------------------------------------------------------

    def draft(self) -> Draft:
        """What "C'est exact" files: the pages, the type, the fields as confirmed."""
        doc_type = self.chosen_type
        institution = (
            InstitutionKind(str(self.institution_box.currentData()))
            if doc_type is DocumentType.AUTRE and self._replacing is None
            else None
        )
        first = self._readings[0] if self._readings else None
        confidence = 0 if first is None else round(first.type_confidence * 100)
        pages = tuple(r.image for r in self._readings if r.image is not None)
        return Draft(
            doc_type,
            pages,
            confirm(self.form.rows, self.form.texts()),
            institution,
            max(0, min(100, confidence)),
        )

    def confirm(self) -> None:
        """Files the document ("C'est exact") in the vault, on the vault's thread."""
        if self._filing or not self._readings:
            return
        ticket, replacing, shelf = self.ticket, self._replacing, self.services.shelf
        if ticket is None:
            self.show_error(NoOpenVault("no vault open for the review"))
            return
        draft = self.draft()
        self._filing = True
        self._error = None
        if replacing is None:
            self.job.run(self.services.vault_thread, lambda: shelf.file(ticket, draft))
        else:
            self.job.run(
                self.services.vault_thread, lambda: shelf.replace(ticket, replacing, draft)
            )
        self.retranslate()

    def _on_filed(self, document: object) -> None:
        self._filing = False
        self._readings = []
        self._replacing = None
        self.view.clear()
        self.retranslate()
        self.filed.emit(document)

    def _on_failed(self, error: KioskError) -> None:
        self._filing = False
        self.show_error(error)

    # -- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Sets every text in the current language."""
        self.retranslate_frame()
        replacing = self._replacing
        title = (
            self.tr("Nouvelle version\u00a0: %1").replace("%1", type_name(replacing.type))
            if replacing is not None
            else self.tr("Vérifiez ce qui a été lu")
        )
        show_text(self.title, title)
        count = len(self._readings)
        show_text(
            self.page_label,
            self.tr("Page %1 sur %2").replace("%1", str(self._page + 1)).replace("%2", str(count))
            if count > 1
            else "",
        )
        for button, text, visible in (
            (self.previous_button, self.tr("Page précédente"), count > 1 and self._page > 0),
            (self.next_button, self.tr("Page suivante"), count > 1 and self._page < count - 1),
        ):
            button.setText(text)
            button.setAccessibleName(text)
            button.setVisible(visible)
        self.view.setAccessibleName(self.tr("La page photographiée"))
        show_text(self.type_label, self.tr("Type de document"))
        self.type_box.setAccessibleName(self.type_label.text())
        for index in range(self.type_box.count()):
            self.type_box.setItemText(index, type_name(DocumentType(self.type_box.itemData(index))))
        self.type_box.setEnabled(replacing is None and not self._filing)
        show_text(self.type_note, self._type_note())
        autre = self.chosen_type is DocumentType.AUTRE and replacing is None
        show_text(self.institution_label, self.tr("Ce document vient de") if autre else "")
        self.institution_box.setVisible(autre)
        self.institution_box.setAccessibleName(self.tr("Ce document vient de"))
        for index in range(self.institution_box.count()):
            kind = InstitutionKind(self.institution_box.itemData(index))
            self.institution_box.setItemText(index, institution_name(kind))
        self.form.retranslate()
        self.form.setEnabled(not self._filing)
        show_text(self.problems, self._problems())
        self.confirm_button.setText(
            self.tr("Enregistrement…") if self._filing else self.tr("C’est exact")
        )
        self.confirm_button.setAccessibleName(self.confirm_button.text())
        self.confirm_button.setAccessibleDescription(
            self.tr("Range le document dans votre coffre-fort.")
        )
        self.add_page_button.setText(self.tr("Ajouter une page"))
        self.add_page_button.setAccessibleName(self.add_page_button.text())
        self.restart_button.setText(self.tr("Recommencer"))
        self.restart_button.setAccessibleName(self.restart_button.text())
        self.restart_button.setAccessibleDescription(
            self.tr("Oublie ces pages et reprend la photo.")
        )
        for button in (self.confirm_button, self.add_page_button, self.restart_button):
            button.setEnabled(bool(self._readings) and not self._filing)
        self.back_button.setEnabled(not self._filing)

    def _type_note(self) -> str:
        if not self._readings or self._replacing is not None:
            return ""
        first = self._readings[0]
        if self.chosen_type is not first.type:
            return self.tr("Vous avez choisi ce type.")
        if first.type is DocumentType.AUTRE:
            return self.tr(
                "La borne n’a pas reconnu ce document. Choisissez son type dans la liste, "
                "ou laissez «\u00a0Autre document\u00a0»."
            )
        if first.type_confidence < SURE_TYPE:
            return self.tr("La borne n’est pas sûre. Vérifiez le type.")
        return self.tr("C’est ce que la borne a reconnu.")

    def _problems(self) -> str:
        seen: list[str] = []
        for reading in self._readings:
            for problem in reading.problems:
                if problem not in seen:
                    seen.append(problem)
        lines = []
        for problem in seen:
            words = messages.page_problem(problem)
            if words is not None:
                lines.append(f"{words.text} {words.next_step}")
        return "\n".join(lines)
