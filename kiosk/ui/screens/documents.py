"""'Mes documents': the person's documents by institution, and what can be done with each.

Documents are listed on shelves (CAF, Assurance maladie, Impôts, MDPH, Mairie, Banque...),
newest first, each with its validity badge: "Périmé" for an expired identity paper, "Plus
de 3 mois" for an old proof of address, "Pas le dernier avis" for an old avis d'impôt,
"Date à vérifier" when the date could not be trusted. Touching one shows its details and:
see its pages, file a newer version, save it as PDF on a USB stick (when the station has a
USB port set up for it), or delete it (after a confirmation). The list is read and changed
on the vault's thread; the screen only shows the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.documents.access import Ticket
from kiosk.documents.errors import ExportUnavailable, NoOpenVault
from kiosk.documents.export import ExportTarget
from kiosk.documents.filing import DocumentShelf, FiledDocument, by_institution
from kiosk.documents.values import shown
from kiosk.domain.errors import KioskError
from kiosk.domain.institutions import InstitutionKind
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.document_words import (
    badge,
    field_label,
    institution_name,
    pages_text,
    type_name,
    until_text,
)
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.document_frame import DocumentScreen
from kiosk.ui.theme import Role, Theme, set_role
from kiosk.ui.widgets.labels import make_label, show_text

LIST_PAGE, DETAIL_PAGE, DELETE_PAGE = 0, 1, 2


def export_document(
    shelf: DocumentShelf,
    target: ExportTarget | None,
    ticket: Ticket,
    doc: FiledDocument,
    title: str,
) -> Path:
    """Builds the PDF of a document and saves it on the medium (on the vault's thread)."""
    if target is None:
        raise ExportUnavailable("no_medium", "no export folder at this station")
    pdf = shelf.export_pdf(ticket, doc.document_id, title)
    return target.save(f"{doc.type.value}-{doc.document_id[:8]}", pdf)


class DocumentsScreen(DocumentScreen):
    """The person's documents.

    Attributes:
        notice: what just happened ("Votre document est rangé.").
        pages: the list, the details of one document, the confirmation of a deletion.
        shelves: the list's content (rebuilt at each listing).
        document_buttons: one button per document, in the order shown.
        empty: said when there is no document yet.
        add_button: "Ajouter un document".
        detail_title, detail_text, detail_fields: the document touched.
        open_button, replace_button, export_button, delete_button: what to do with it.
        confirm_text, confirm_delete_button, keep_button: the confirmation of a deletion.

    Signals:
        open_requested(object): see the pages of a :class:`FiledDocument`.
        replace_requested(object): photograph a newer version of a :class:`FiledDocument`.
        add_requested(): photograph a new document.
        closed(): inherited; back to the home screen.
    """

    screen_id = "documents"
    open_requested = Signal(object)
    replace_requested = Signal(object)
    add_requested = Signal()

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        services: DocumentServices,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the screen; see :class:`~kiosk.ui.screens.document_frame.DocumentScreen`."""
        super().__init__(theme, language, services, parent)
        self._documents: list[FiledDocument] = []
        self._selected: FiledDocument | None = None
        self._notice = ""
        self.document_buttons: list[QPushButton] = []
        self.notice = make_label(self, Role.INSTRUCTION)
        self.pages = QStackedWidget(self)

        self.empty = make_label(self, Role.BODY)
        self.add_button = self.button(Role.PRIMARY, self.add_requested.emit)
        self.shelves = QWidget(self)
        self._shelves_layout = QVBoxLayout(self.shelves)
        self._shelves_layout.setSpacing(theme.sizes.spacing_px // 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.shelves)
        self._page([self.empty, scroll, self.add_button])

        self.detail_title = make_label(self, Role.INSTRUCTION)
        self.detail_text = make_label(self, Role.BODY)
        self.detail_fields = make_label(self, Role.HINT)
        self.open_button = self.button(Role.PRIMARY, self._open)
        self.replace_button = self.button(Role.SECONDARY, self._replace)
        self.export_button = self.button(Role.SECONDARY, self.export_selected)
        self.delete_button = self.button(Role.SECONDARY, lambda: self._show(DELETE_PAGE))
        actions = QWidget(self)
        grid = QGridLayout(actions)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(theme.sizes.spacing_px)
        for index, button in enumerate(
            (self.open_button, self.replace_button, self.export_button, self.delete_button)
        ):
            grid.addWidget(button, index // 2, index % 2)
        self._page([self.detail_title, self.detail_text, self.detail_fields, actions])

        self.confirm_text = make_label(self, Role.INSTRUCTION)
        self.confirm_delete_button = self.button(Role.PRIMARY, self.delete_selected)
        self.keep_button = self.button(Role.SECONDARY, lambda: self._show(DETAIL_PAGE))
        choice = QWidget(self)
        choice.setLayout(self.row(self.confirm_delete_button, self.keep_button))
        self._page([self.confirm_text, choice])

        self.body.addWidget(self.notice)
        self.body.addWidget(self.pages, 1)
        self.job.succeeded.connect(self._succeeded)
        self.job.failed.connect(self._failed)
        self.retranslate()

    def _page(self, widgets: list[QWidget]) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.theme.sizes.spacing_px)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QScrollArea) else 0)
        layout.addStretch(0)
        self.pages.addWidget(page)

    def _show(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.retranslate()

    @property
    def documents(self) -> list[FiledDocument]:
        """The documents listed, in the order shown."""
        return list(self._documents)

    @property
    def selected(self) -> FiledDocument | None:
        """The document touched."""
        return self._selected

    # -- work -----------------------------------------------------------------------------------

    def _run(self, work: Callable[[], object], then: Callable[[object], None]) -> None:
        self._error = None
        self.job.run(self.services.vault_thread, work, then)
        self.retranslate()

    def _succeeded(self, _result: object) -> None:
        self.retranslate()

    def _failed(self, error: KioskError) -> None:
        self.show_error(error)

    def open_for(self, ticket: Ticket | None, notice: str = "") -> None:
        """Shows the list of the person's documents (read on the vault's thread).

        Args:
            ticket: whose documents.
            notice: what just happened, said above the list.
        """
        self.reset()
        self.ticket = ticket
        self._notice = notice
        self.reload()

    def reload(self) -> None:
        """Reads the list again."""
        ticket, shelf = self.ticket, self.services.shelf
        if ticket is None:
            self.show_error(NoOpenVault("no vault open for the documents"))
            return
        self._show(LIST_PAGE)
        self._run(lambda: shelf.documents(ticket), self._listed)

    def _listed(self, result: object) -> None:
        documents = (
            [d for d in result if isinstance(d, FiledDocument)] if isinstance(result, list) else []
        )
        self._documents = [d for _shelf, docs in by_institution(documents) for d in docs]
        self._build_list()
        self._show(LIST_PAGE)

    def _build_list(self) -> None:
        layout = self._shelves_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.document_buttons = []
        for institution, documents in by_institution(self._documents):
            heading = make_label(self.shelves, Role.INSTRUCTION)
            heading.setObjectName(f"shelf_{institution.value}")
            layout.addWidget(heading)
            for document in documents:
                button = QPushButton(self.shelves)
                set_role(button, Role.SECONDARY)
                button.setAutoDefault(False)
                button.clicked.connect(lambda _c=False, d=document: self.select(d))
                self.document_buttons.append(button)
                layout.addWidget(button)
        layout.addStretch(1)

    def select(self, document: FiledDocument) -> None:
        """Shows the details of a document and what can be done with it."""
        self._selected = document
        self._notice = ""
        self._error = None
        self._show(DETAIL_PAGE)

    def _open(self) -> None:
        if self._selected is not None:
            self.open_requested.emit(self._selected)

    def _replace(self) -> None:
        if self._selected is not None:
            self.replace_requested.emit(self._selected)

    def delete_selected(self) -> None:
        """Deletes the document touched (its confirmation was given)."""
        document, ticket, shelf = self._selected, self.ticket, self.services.shelf
        if document is None or ticket is None or self.job.busy:
            return

        def deleted(_result: object) -> None:
            self._selected = None
            self._notice = QCoreApplication.translate(
                "DocumentsScreen", "Le document est supprimé."
            )
            self.reload()

        self._run(lambda: shelf.delete(ticket, document.document_id), deleted)

    def export_selected(self) -> None:
        """Saves the document touched as PDF on the USB stick."""
        document, ticket = self._selected, self.ticket
        if document is None or ticket is None or self.job.busy:
            return
        shelf, target, title = self.services.shelf, self.services.export, type_name(document.type)

        def saved(path: object) -> None:
            name = getattr(path, "name", "")
            self._notice = QCoreApplication.translate(
                "DocumentsScreen", "Le document est enregistré sur la clé USB\u00a0: %1"
            ).replace("%1", str(name))

        self._run(lambda: export_document(shelf, target, ticket, document, title), saved)

    def go_back(self) -> None:
        """One step back; out of the screen from the list."""
        if self.job.busy:
            return
        index = self.pages.currentIndex()
        if index == DELETE_PAGE:
            self._show(DETAIL_PAGE)
        elif index == DETAIL_PAGE:
            self._notice = ""
            self._error = None
            self._show(LIST_PAGE)
        else:
            super().go_back()

    def reset(self) -> None:
        """Forgets the list, the document touched and any notice."""
        self._documents = []
        self._selected = None
        self._notice = ""
        self._build_list()
        self.pages.setCurrentIndex(LIST_PAGE)
        super().reset()

    # -- texts ----------------------------------------------------------------------------------

    def _button_text(self, document: FiledDocument) -> str:
        parts = [type_name(document.type)]
        mark = badge(document)
        if mark:
            parts.append(mark.upper())
        elif until_text(document):
            parts.append(until_text(document))
        if document.filed_at is not None:
            day = document.filed_at.astimezone().date().isoformat()
            parts.append(self.tr("ajouté le %1").replace("%1", shown("date_document", day)))
        return parts[0] + "\n" + " — ".join(parts[1:])

    def _detail(self, document: FiledDocument) -> tuple[str, str]:
        lines = [institution_name(document.institution)]
        for text in (badge(document), until_text(document)):
            if text:
                lines.append(text)
        if document.pages:
            lines.append(pages_text(document.pages))
        fields = [
            f"{field_label(name)}\u00a0: {shown(name, field.value)}"
            for name, field in document.fields.items()
            if name not in ("mrz_valide", "2ddoc_valide")
        ]
        return "\n".join(lines), "\n".join(fields)

    def retranslate(self) -> None:
        """Sets every text in the current language."""
        self.retranslate_frame()
        show_text(self.title, self.tr("Mes documents"))
        index = self.pages.currentIndex()
        busy_text = self.tr("Un instant…") if self.job.busy else ""
        show_text(self.notice, busy_text or self._notice)
        show_text(
            self.empty,
            self.tr("Vous n’avez pas encore de document.")
            if not self._documents and not self.job.busy and index == LIST_PAGE
            else "",
        )
        self.add_button.setText(self.tr("Ajouter un document"))
        self.add_button.setAccessibleName(self.add_button.text())
        for label in self.shelves.findChildren(type(self.notice)):
            name = label.objectName()
            if name.startswith("shelf_"):
                show_text(label, institution_name(InstitutionKind(name.removeprefix("shelf_"))))
        for button, document in zip(self.document_buttons, self._documents, strict=False):
            button.setText(self._button_text(document))
            button.setAccessibleName(button.text())
        selected = self._selected
        if selected is not None:
            show_text(self.detail_title, type_name(selected.type))
            text, fields = self._detail(selected)
            show_text(self.detail_text, text)
            show_text(self.detail_fields, fields)
            self.open_button.setEnabled(selected.openable and not self.job.busy)
            self.replace_button.setEnabled(selected.openable and not self.job.busy)
            self.export_button.setEnabled(selected.openable and not self.job.busy)
            show_text(
                self.confirm_text,
                self.tr("Supprimer «\u00a0%1\u00a0»\u00a0? Il sera effacé pour toujours.").replace(
                    "%1", type_name(selected.type)
                ),
            )
        self.export_button.setVisible(self.services.export is not None)
        self.delete_button.setEnabled(not self.job.busy)
        for button, text in (
            (self.open_button, self.tr("Voir les pages")),
            (self.replace_button, self.tr("Nouvelle version")),
            (self.export_button, self.tr("Enregistrer en PDF sur clé USB")),
            (self.delete_button, self.tr("Supprimer")),
            (self.confirm_delete_button, self.tr("Oui, supprimer")),
            (self.keep_button, self.tr("Non, garder")),
        ):
            button.setText(text)
            button.setAccessibleName(text)
        self.confirm_delete_button.setEnabled(not self.job.busy)
        self.back_button.setEnabled(not self.job.busy)
