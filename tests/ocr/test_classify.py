"""Identity documents classified from their text when their MRZ could not be read."""

from __future__ import annotations

import pytest

from kiosk.domain.documents import DocumentType
from kiosk.ocr.classify import classify


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # tesseract's copy of a zone, fillers misread: the document code still tells
        (
            "LOGE TOGO\nP<FRABONNET<£LAETITIAGJULIERRERLRLLLL\n9BNP731992FRA7705016F2610139<<<06",
            DocumentType.PASSEPORT,
        ),
        ("NOM:\nMORIN\nIDFRAMORIN<<ERLLRELELLELLLELECLLB37282", DocumentType.CNI),
        (
            "IRFRAAV06848825<<<<<<<<<<<<<<<\n5912177F2111295BRA<<<<<<<<<<<7",
            DocumentType.TITRE_SEJOUR,
        ),
        ("TYPE DE TITRE\nCARTE DE SEJOUR PLURIANNUELLE", DocumentType.TITRE_SEJOUR),
        # words alone, or a stray "<", are not a zone
        ("IDENTIFICATIONNATIONALEDESENTREPRISES", DocumentType.AUTRE),
        ("PRIX<<<\nIDEAL<", DocumentType.AUTRE),
    ],
)
def test_identity_documents_from_their_text(text: str, kind: DocumentType) -> None:
    assert classify(text).type == kind
