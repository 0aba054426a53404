"""Which kind of document a page is: MRZ first, then the 2D-Doc's type, then words.

An MRZ settles identity documents (its document code tells passport, card or residence
permit). Otherwise each type scores the weighted key phrases found in the folded text (titles
weigh most), a 2D-Doc adds its declared type, and the best type wins if it scores enough and
clearly enough; else the page is ``autre``, and no field is invented for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kiosk.domain.documents import DocumentType
from kiosk.ocr import mrz
from kiosk.ocr.mrzread import MrzScan
from kiosk.ocr.twoddoc import TwoDDoc

MIN_SCORE = 4.0

_PHRASES: dict[DocumentType, tuple[tuple[str, float], ...]] = {
    DocumentType.RIB: (
        (r"RELEVE D.?IDENTITE BANCAIRE", 6),
        (r"IDENTITE BANCAIRE", 3),
        (r"\bRIB\b", 2),
        (r"\bIBAN\b", 2),
        (r"\bBIC\b", 1.5),
        (r"DOMICILIATION", 2),
        (r"TITULAIRE DU COMPTE", 2),
        (r"CODE BANQUE", 2),
        (r"CODE GUICHET", 2),
        (r"CLE RIB", 2),
    ),
    DocumentType.AVIS_IMPOSITION: (
        (r"AVIS D.?IMPO", 5),
        (r"IMPOTS? SUR LES? REVENUS?", 2),
        (r"REVENU FISCAL DE REFERENCE", 4),
        (r"NUMERO FISCAL|N. FISCAL", 2),
        (r"REFERENCE DE L.?AVIS", 3),
        (r"FINANCES PUBLIQUES", 2),
        (r"NOMBRE DE PARTS", 2),
        (r"MISE EN RECOUVREMENT", 2),
        (r"SITUATION DECLARATIVE", 3),
    ),
    DocumentType.ATTESTATION_CAF: (
        (r"CAISSE D.?ALLOCATIONS FAMILIALES", 5),
        (r"ALLOCATIONS FAMILIALES", 2),
        (r"\bCAF\b", 2),
        (r"ALLOCATAIRE", 2),
        (r"ATTESTATION DE PAIEMENT", 2),
        (r"QUOTIENT FAMILIAL", 2),
        (r"PRIME D.?ACTIVITE|\bRSA\b|\bAPL\b|ALLOCATION DE LOGEMENT", 1),
    ),
    DocumentType.JUSTIFICATIF_DOMICILE: (
        (r"QUITTANCE DE LOYER", 6),
        (r"\bFACTURE\b", 3),
        (r"QUITTANCE", 2),
        (r"\bLOYER\b", 1.5),
        (r"ELECTRICITE|\bGAZ\b|\bEAU\b|TELEPHONE|INTERNET|MOBILE", 1),
        (r"CONSOMMATION", 2),
        (r"\bKWH\b|\bM3\b", 2),
        (r"ABONNEMENT", 1),
        (r"LOCATAIRE", 2),
        (r"BAILLEUR", 1),
        (r"REFERENCE CLIENT|NUMERO CLIENT|N. CLIENT", 1.5),
        (r"POINT DE LIVRAISON", 2),
        (r"\bEDF\b|ENGIE|TOTALENERGIES|VEOLIA|\bSUEZ\b|ORANGE|\bSFR\b|BOUYGUES", 1),
    ),
    DocumentType.ATTESTATION_DROITS_AM: (
        (r"ASSURANCE MALADIE", 4),
        (r"ATTESTATION DE DROITS", 4),
        (r"\bCPAM\b", 2),
        (r"\bAMELI\b", 2),
        (r"SECURITE SOCIALE", 2),
        (r"COMPLEMENTAIRE SANTE", 1.5),
        (r"AYANTS? DROIT|BENEFICIAIRE", 1),
        (r"CARTE VITALE", 1),
    ),
    DocumentType.BULLETIN_SALAIRE: (
        (r"BULLETIN DE (?:PAIE|SALAIRE)", 6),
        (r"SALAIRE (?:DE )?BRUT|SALAIRE DE BASE", 3),
        (r"NET (?:A )?PAYE", 3),
        (r"COTISATIONS", 2),
        (r"\bURSSAF\b", 1),
        (r"CONVENTION COLLECTIVE", 2),
        (r"EMPLOYEUR", 1),
        (r"CONGES PAYES", 1),
    ),
    DocumentType.LIVRET_FAMILLE: (
        (r"LIVRET DE FAMILLE", 7),
        (r"EPOUX", 2),
        (r"EPOUSE", 2),
        (r"\bMARIAGE\b", 2),
        (r"OFFICIER DE L.?ETAT CIVIL", 2),
        (r"ETAT CIVIL", 1),
    ),
    # Identity documents whose MRZ could not be read: their printed titles, and the start of
    # the zone as tesseract reads it (its document code and issuing state, then fillers).
    DocumentType.CNI: (
        (r"CARTE NATIONALE D.?IDENTITE", 6),
        (r"IDENTITY CARD", 3),
        (r"(?m)^\s*[I1]D[A-Z]{3}(?=\S*<)\S{20,}", 4),
    ),
    DocumentType.PASSEPORT: (
        (r"\bPASSEPORT\b", 6),
        (r"\bPASSPORT\b", 3),
        (r"(?m)^\s*P<[A-Z]{3}\S{15,}", 4),
    ),
    DocumentType.TITRE_SEJOUR: (
        (r"TITRE DE SEJOUR", 6),
        (r"RESIDENCE PERMIT", 4),
        (r"CARTE DE (?:SEJOUR|RESIDENT)", 4),
        (r"(?m)^\s*[I1][RT][A-Z]{3}(?=\S*<)\S{20,}", 4),
    ),
}
_COMPILED = {
    kind: tuple((re.compile(p), w) for p, w in phrases) for kind, phrases in _PHRASES.items()
}

# ANTS 2D-Doc document types (design/OCR.md section 4).
_TWODDOC_TYPES = {
    "00": DocumentType.JUSTIFICATIF_DOMICILE,
    "01": DocumentType.JUSTIFICATIF_DOMICILE,
    "02": DocumentType.JUSTIFICATIF_DOMICILE,
    "04": DocumentType.AVIS_IMPOSITION,
    "03": DocumentType.RIB,
    "05": DocumentType.RIB,
    "11": DocumentType.RIB,
    "10": DocumentType.BULLETIN_SALAIRE,
    "15": DocumentType.BULLETIN_SALAIRE,
}


@dataclass(frozen=True, slots=True)
class Classified:
    """The chosen type, its confidence in [0, 1], and every type's score (for the log)."""

    type: DocumentType
    confidence: float
    scores: dict[str, float]


def scores(folded_text: str) -> dict[DocumentType, float]:
    """Each type's score: the weights of its phrases present in the text (each counted once)."""
    return {
        kind: sum(weight for regex, weight in phrases if regex.search(folded_text))
        for kind, phrases in _COMPILED.items()
    }


def classify(
    folded_text: str, scan: MrzScan | None = None, document: TwoDDoc | None = None
) -> Classified:
    """The type of a page from its folded text, its MRZ and its 2D-Doc."""
    table = scores(folded_text)
    if scan is not None:
        kind = DocumentType(mrz.document_type(scan.reading))
        confidence = 0.99 if scan.reading.valid else 0.9
        return Classified(kind, confidence, {k.value: v for k, v in table.items()})
    if document is not None and document.document_type in _TWODDOC_TYPES:
        table[_TWODDOC_TYPES[document.document_type]] += 6
    ranked = sorted(table.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    named = {k.value: v for k, v in table.items()}
    if top < MIN_SCORE or top < 1.5 * second:
        return Classified(
            DocumentType.AUTRE,
            round(1 - math.exp(-max(0.0, MIN_SCORE - top)), 2) if top < MIN_SCORE else 0.5,
            named,
        )
    confidence = (1 - math.exp(-top / 4)) * (1 - second / top)
    return Classified(best, round(min(0.99, 0.5 + confidence / 2), 2), named)
