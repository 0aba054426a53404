"""The beneficiary's documents, wired into a running kiosk: add, review, file, list, view.

From the beneficiary's home, "Ajouter un document" opens the camera
(:class:`~kiosk.ui.screens.capture.CaptureScreen`); each page read goes to the review
(:class:`~kiosk.ui.screens.review.ReviewScreen`), which can ask for another page, start
again, or file the document ("C'est exact") and then shows "Mes documents"
(:class:`~kiosk.ui.screens.documents.DocumentsScreen`), where a document can be opened in
the viewer (:class:`~kiosk.ui.screens.document_view.DocumentViewScreen`), replaced by a
newer version (the camera again, then the review), exported or deleted.

:class:`DocumentFlow` holds no document of its own: the pages being reviewed live in the
review screen, which forgets them with every other screen when the person leaves. Each time
the person starts from a tile, the flow takes the ticket of the vault open now
(:meth:`kiosk.documents.access.OpenVault.ticket`), so work asked for by a person never
reaches the next person's vault.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from kiosk.documents.filing import FiledDocument
from kiosk.ocr.pipeline import DocumentReading
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.screens.capture import CaptureScreen
from kiosk.ui.screens.document_view import DocumentViewScreen
from kiosk.ui.screens.documents import DocumentsScreen
from kiosk.ui.screens.home_beneficiary import BeneficiaryHomeScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.theme import Theme

log = logging.getLogger("kiosk.ui")


@dataclass(frozen=True)
class DocumentScreens:
    """The four document screens, once installed."""

    capture: CaptureScreen
    review: ReviewScreen
    documents: DocumentsScreen
    viewer: DocumentViewScreen


class DocumentFlow(QObject):
    """Moves the person between the home, the camera, the review and their documents.

    Signals:
        None of its own: the screens say what the person did.
    """

    def __init__(
        self,
        window: MainWindow,
        home: BeneficiaryHomeScreen,
        screens: DocumentScreens,
        services: DocumentServices,
    ) -> None:
        """Connects the home's tiles and the screens.

        Args:
            window: the main window, holding every screen.
            home: the beneficiary's home.
            screens: the document screens.
            services: the open vault (for the tickets).
        """
        super().__init__(window)
        self._window = window
        self._home = home
        self.screens = screens
        self._services = services
        capture, review, documents, viewer = (
            screens.capture,
            screens.review,
            screens.documents,
            screens.viewer,
        )
        home.add_document_requested.connect(self.add_document)
        home.documents_requested.connect(self.show_documents)
        capture.page_read.connect(self._page_read)
        capture.closed.connect(self._capture_closed)
        review.add_page_requested.connect(lambda: self._capture(review.page_count + 1))
        review.restart_requested.connect(lambda: self._capture(1))
        review.closed.connect(self._review_closed)
        review.filed.connect(self._filed)
        documents.open_requested.connect(self._open)
        documents.replace_requested.connect(self._replace)
        documents.add_requested.connect(self.add_document)
        documents.closed.connect(lambda: window.show_screen(home.screen_id))
        viewer.closed.connect(lambda: window.show_screen(documents.screen_id))

    def add_document(self) -> None:
        """Starts a new document: the camera, for its first page."""
        self.screens.review.begin(self._services.open_vault.ticket())
        self._capture(1)

    def show_documents(self, notice: str = "") -> None:
        """Shows "Mes documents" (the list is read again)."""
        self.screens.documents.open_for(self._services.open_vault.ticket(), notice)
        self._window.show_screen(self.screens.documents.screen_id)

    def _capture(self, page_number: int) -> None:
        self.screens.capture.start(page_number)
        self._window.show_screen(self.screens.capture.screen_id)

    def _page_read(self, reading: object) -> None:
        if isinstance(reading, DocumentReading):
            self.screens.review.add_reading(reading)
            self._window.show_screen(self.screens.review.screen_id)

    def _capture_closed(self) -> None:
        review = self.screens.review
        if review.page_count:
            self._window.show_screen(review.screen_id)  # the pages already read are kept
        else:
            self._leave_review()

    def _review_closed(self) -> None:
        self._leave_review()

    def _leave_review(self) -> None:
        """Out of the review without filing: back where the person came from."""
        review = self.screens.review
        replacing = review.replacing
        review.reset()
        if replacing is not None:
            self._window.show_screen(self.screens.documents.screen_id)
        else:
            self._window.show_screen(self._home.screen_id)

    def _filed(self, document: object) -> None:
        if isinstance(document, FiledDocument):
            log.info("document filed (%s, rev %d)", document.type.value, document.rev)
        self.show_documents(QCoreApplication.translate("DocumentFlow", "Votre document est rangé."))

    def _open(self, document: object) -> None:
        if isinstance(document, FiledDocument):
            self.screens.viewer.open_document(self._services.open_vault.ticket(), document)
            self._window.show_screen(self.screens.viewer.screen_id)

    def _replace(self, document: object) -> None:
        if isinstance(document, FiledDocument):
            self.screens.review.begin(self._services.open_vault.ticket(), document)
            self._capture(1)


def install_documents(
    window: MainWindow,
    home: BeneficiaryHomeScreen,
    theme: Theme,
    language: LanguageSwitcher,
    services: DocumentServices,
) -> DocumentFlow:
    """Adds the document screens to the window and opens them from the home's tiles.

    Args:
        window: the main window.
        home: the beneficiary's home screen.
        theme: colours and sizes.
        language: the language service.
        services: the document services.

    Returns:
        The flow, which holds the screens.
    """
    screens = DocumentScreens(
        CaptureScreen(theme, language, services),
        ReviewScreen(theme, language, services),
        DocumentsScreen(theme, language, services),
        DocumentViewScreen(theme, language, services),
    )
    for screen in (screens.capture, screens.review, screens.documents, screens.viewer):
        window.add_screen(screen)
    home.offer_documents()
    return DocumentFlow(window, home, screens, services)
