"""Looking at a filed document: its pages, one at a time, large.

The pages are decrypted on the vault's thread into memory and shown; they are forgotten
when the person leaves the screen (or the session ends).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QWidget

from kiosk.documents.access import Ticket
from kiosk.documents.errors import NoOpenVault
from kiosk.documents.filing import FiledDocument
from kiosk.documents.pages import Page
from kiosk.domain.errors import KioskError
from kiosk.ui.camera_feed import gray_image
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.document_words import type_name
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.document_frame import DocumentScreen
from kiosk.ui.theme import Role, Theme
from kiosk.ui.widgets.labels import make_label, show_text
from kiosk.ui.widgets.page_view import PageView


class DocumentViewScreen(DocumentScreen):
    """The pages of one document.

    Attributes:
        view: the page shown.
        page_label: "Page 1 sur 3" (or "Ouverture…").
        previous_button, next_button: the other pages.

    Signals:
        closed(): inherited; back to "Mes documents".
    """

    screen_id = "document_view"

    def __init__(
        self,
        theme: Theme,
        language: LanguageSwitcher,
        services: DocumentServices,
        parent: QWidget | None = None,
    ) -> None:
        """Builds the screen; see :class:`~kiosk.ui.screens.document_frame.DocumentScreen`."""
        super().__init__(theme, language, services, parent)
        self._document: FiledDocument | None = None
        self._pages: list[Page] = []
        self._index = 0
        self.view = PageView(theme, self)
        self.page_label = make_label(self, Role.BODY)
        self.previous_button = self.button(Role.SECONDARY, lambda: self.show_page(self._index - 1))
        self.next_button = self.button(Role.SECONDARY, lambda: self.show_page(self._index + 1))
        self.body.addWidget(self.view, 1)
        self.body.addLayout(self.row(self.previous_button, self.page_label, self.next_button))
        self.job.succeeded.connect(self._opened)
        self.job.failed.connect(self._failed)
        self.retranslate()

    @property
    def page_count(self) -> int:
        """How many pages are shown."""
        return len(self._pages)

    def open_document(self, ticket: Ticket | None, document: FiledDocument) -> None:
        """Decrypts the pages of ``document`` (on the vault's thread) and shows the first."""
        self.reset()
        self.ticket, self._document = ticket, document
        shelf = self.services.shelf
        if ticket is None:
            self.show_error(NoOpenVault("no vault open for the viewer"))
            return
        self.job.run(self.services.vault_thread, lambda: shelf.pages(ticket, document.document_id))
        self.retranslate()

    def _opened(self, pages: object) -> None:
        self._pages = (
            [p for p in pages if isinstance(p, np.ndarray)] if isinstance(pages, list) else []
        )
        self.show_page(0)

    def _failed(self, error: KioskError) -> None:
        self.show_error(error)

    def show_page(self, index: int) -> None:
        """Shows page ``index`` (0 for the first)."""
        if not self._pages:
            self.view.clear()
        else:
            self._index = max(0, min(index, len(self._pages) - 1))
            self.view.show_image(gray_image(self._pages[self._index]))
        self.retranslate()

    def reset(self) -> None:
        """Forgets the pages."""
        self._document = None
        self._pages = []
        self._index = 0
        self.view.clear()
        super().reset()

    def retranslate(self) -> None:
        """Sets every text in the current language."""
        self.retranslate_frame()
        document = self._document
        show_text(self.title, "" if document is None else type_name(document.type))
        count = len(self._pages)
        if self.job.busy:
            page = self.tr("Ouverture du document…")
        elif count:
            page = self.tr("Page %1 sur %2").replace("%1", str(self._index + 1))
            page = page.replace("%2", str(count))
        else:
            page = ""
        show_text(self.page_label, page)
        self.view.setAccessibleName(page or self.tr("Page du document"))
        for button, text, visible in (
            (self.previous_button, self.tr("Page précédente"), self._index > 0),
            (self.next_button, self.tr("Page suivante"), self._index < count - 1),
        ):
            button.setText(text)
            button.setAccessibleName(text)
            button.setVisible(count > 1 and visible)
