"""The beneficiary's home: their documents, their aid requests, who saw their data."""

from __future__ import annotations

from PySide6.QtCore import Signal

from kiosk.ui.flow import ScreenName
from kiosk.ui.screens.home import HomeScreen

# The tiles of the documents, in :meth:`BeneficiaryHomeScreen.tile_names`.
ADD_DOCUMENT_TILE, DOCUMENTS_TILE = 0, 1


class BeneficiaryHomeScreen(HomeScreen):
    """The home of a beneficiary; shows nothing about them.

    The "Ajouter un document" and "Mes documents" tiles work once :meth:`offer_documents`
    is called (by the composition root, on a station with a camera and a vault). The sync's
    status line is the short one, in easy French ("Tout est envoyé.").

    Signals:
        logout_requested(): inherited; the person pressed "Terminer".
        add_document_requested(): the person touched "Ajouter un document".
        documents_requested(): the person touched "Mes documents".
    """

    screen_id = ScreenName.HOME_BENEFICIARY
    brief_sync = True
    add_document_requested = Signal()
    documents_requested = Signal()

    def tile_names(self) -> list[str]:
        """Returns the names of the tiles, in the current language."""
        return [
            self.tr("Ajouter un document"),
            self.tr("Mes documents"),
            self.tr("Mes demandes d’aide"),
            self.tr("Qui a vu mes données"),
        ]

    def offer_documents(self) -> None:
        """Makes the two documents tiles work."""
        self._documents_offered = True
        add, documents = self.tiles[ADD_DOCUMENT_TILE], self.tiles[DOCUMENTS_TILE]
        add.clicked.connect(self.add_document_requested)
        documents.clicked.connect(self.documents_requested)
        add.setEnabled(True)
        documents.setEnabled(True)
        self.retranslate()

    def retranslate(self) -> None:
        """Sets every text and accessible name in the current language."""
        super().retranslate()
        if getattr(self, "_documents_offered", False):  # the base translates before it is set
            self.tiles[ADD_DOCUMENT_TILE].set_texts(
                self.tr("Ajouter un document"), self.tr("Photographier un papier")
            )
            self.tiles[DOCUMENTS_TILE].set_texts(
                self.tr("Mes documents"), self.tr("Voir, remplacer, enregistrer")
            )
