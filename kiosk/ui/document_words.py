"""The plain words of documents: names of types, institutions and fields, validity badges.

Texts use ``QCoreApplication.translate("documents", ...)`` and are looked up at each call,
so call these again after a language switch. Errors are worded in :mod:`kiosk.ui.messages`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.documents.filing import FiledDocument
from kiosk.documents.values import shown
from kiosk.domain.documents import DocumentType
from kiosk.domain.institutions import InstitutionKind
from kiosk.domain.validity import Validity

# The mark beside a value whose checksum passed (with its words for screen readers).
VALID_MARK = "✓"


def type_name(doc_type: DocumentType) -> str:
    """The name of a type of document, as people say it."""
    names = {
        DocumentType.CNI: QCoreApplication.translate("documents", "Carte d’identité"),
        DocumentType.PASSEPORT: QCoreApplication.translate("documents", "Passeport"),
        DocumentType.TITRE_SEJOUR: QCoreApplication.translate("documents", "Titre de séjour"),
        DocumentType.RIB: QCoreApplication.translate(
            "documents", "RIB (relevé d’identité bancaire)"
        ),
        DocumentType.AVIS_IMPOSITION: QCoreApplication.translate("documents", "Avis d’impôt"),
        DocumentType.ATTESTATION_CAF: QCoreApplication.translate(
            "documents", "Attestation de la CAF"
        ),
        DocumentType.JUSTIFICATIF_DOMICILE: QCoreApplication.translate(
            "documents", "Justificatif de domicile (facture, quittance de loyer)"
        ),
        DocumentType.ATTESTATION_DROITS_AM: QCoreApplication.translate(
            "documents", "Attestation de l’Assurance maladie"
        ),
        DocumentType.BULLETIN_SALAIRE: QCoreApplication.translate("documents", "Fiche de paie"),
        DocumentType.LIVRET_FAMILLE: QCoreApplication.translate("documents", "Livret de famille"),
        DocumentType.AUTRE: QCoreApplication.translate("documents", "Autre document"),
    }
    return names[doc_type]


def institution_name(institution: InstitutionKind) -> str:
    """The name of an institution, as people say it."""
    names = {
        InstitutionKind.CMS: QCoreApplication.translate("documents", "Centre social (CMS)"),
        InstitutionKind.CAF: QCoreApplication.translate("documents", "CAF"),
        InstitutionKind.CPAM: QCoreApplication.translate("documents", "Assurance maladie (CPAM)"),
        InstitutionKind.MAIRIE: QCoreApplication.translate("documents", "Mairie et identité"),
        InstitutionKind.MDPH: QCoreApplication.translate("documents", "MDPH (handicap)"),
        InstitutionKind.IMPOTS: QCoreApplication.translate("documents", "Impôts"),
        InstitutionKind.FRANCE_TRAVAIL: QCoreApplication.translate("documents", "France Travail"),
        InstitutionKind.BANQUE: QCoreApplication.translate("documents", "Banque"),
        InstitutionKind.EMPLOYEUR: QCoreApplication.translate("documents", "Employeur"),
        InstitutionKind.PREFECTURE: QCoreApplication.translate("documents", "Préfecture"),
        InstitutionKind.LOGEMENT: QCoreApplication.translate("documents", "Logement"),
        InstitutionKind.AUTRE: QCoreApplication.translate("documents", "Autres"),
    }
    return names[institution]


def field_label(name: str) -> str:
    """The label of a canonical field; its name itself for a field the station does not know."""
    labels = {
        "nom": QCoreApplication.translate("documents", "Nom de famille"),
        "prenoms": QCoreApplication.translate("documents", "Prénoms"),
        "sexe": QCoreApplication.translate("documents", "Sexe"),
        "date_naissance": QCoreApplication.translate("documents", "Date de naissance"),
        "nationalite": QCoreApplication.translate("documents", "Nationalité"),
        "numero_document": QCoreApplication.translate("documents", "Numéro du document"),
        "date_expiration": QCoreApplication.translate("documents", "Valable jusqu’au"),
        "mrz_valide": QCoreApplication.translate("documents", "Lignes codées du bas"),
        "iban": QCoreApplication.translate("documents", "IBAN (numéro du compte)"),
        "bic": QCoreApplication.translate("documents", "BIC (code de la banque)"),
        "titulaire": QCoreApplication.translate("documents", "Titulaire du compte"),
        "numero_fiscal": QCoreApplication.translate("documents", "Numéro fiscal"),
        "reference_avis": QCoreApplication.translate("documents", "Référence de l’avis"),
        "revenu_fiscal_reference": QCoreApplication.translate(
            "documents", "Revenu fiscal de référence (euros)"
        ),
        "annee_revenus": QCoreApplication.translate("documents", "Revenus de l’année"),
        "nombre_parts": QCoreApplication.translate("documents", "Nombre de parts"),
        "2ddoc_valide": QCoreApplication.translate("documents", "Code-barres carré (2D-Doc)"),
        "numero_allocataire": QCoreApplication.translate("documents", "Numéro d’allocataire"),
        "date_document": QCoreApplication.translate("documents", "Date du document"),
        "adresse": QCoreApplication.translate("documents", "Adresse"),
        "code_postal": QCoreApplication.translate("documents", "Code postal"),
        "commune": QCoreApplication.translate("documents", "Commune"),
        "nir": QCoreApplication.translate("documents", "Numéro de sécurité sociale"),
        "employeur": QCoreApplication.translate("documents", "Employeur"),
        "periode": QCoreApplication.translate("documents", "Mois payé"),
        "salaire_net": QCoreApplication.translate("documents", "Salaire net payé (euros)"),
        "date_mariage": QCoreApplication.translate("documents", "Date du mariage"),
    }
    return labels.get(name, name)


def verdict_text(valid: bool | None) -> str:
    """What a verdict field (check digits, signature) says."""
    if valid is True:
        return QCoreApplication.translate("documents", "Vérifiées, correctes")
    return QCoreApplication.translate("documents", "Pas vérifiées")


def mark_text(valid: bool | None) -> str:
    """The mark beside a value: ✓ when its check passed, "à vérifier" when it failed."""
    if valid is True:
        return VALID_MARK
    if valid is False:
        return QCoreApplication.translate("documents", "à vérifier")
    return ""


def mark_description(valid: bool | None) -> str:
    """What the mark means, for screen readers."""
    if valid is True:
        return QCoreApplication.translate("documents", "Le contrôle de ce numéro est bon.")
    if valid is False:
        return QCoreApplication.translate(
            "documents", "Le contrôle ne passe pas : regardez le document et corrigez si besoin."
        )
    return ""


def badge(document: FiledDocument) -> str:
    """The validity badge of a document ("Périmé", "Plus de 3 mois"...), or "" when fine."""
    verdict = document.validity
    if verdict is Validity.EXPIRED:
        return QCoreApplication.translate("documents", "Périmé")
    if verdict is Validity.TOO_OLD:
        if document.type is DocumentType.JUSTIFICATIF_DOMICILE:
            return QCoreApplication.translate("documents", "Plus de 3 mois")
        if document.type is DocumentType.AVIS_IMPOSITION:
            return QCoreApplication.translate("documents", "Pas le dernier avis")
        return QCoreApplication.translate("documents", "Trop ancien")
    if verdict is Validity.UNKNOWN:
        return QCoreApplication.translate("documents", "Date à vérifier")
    return ""


def until_text(document: FiledDocument) -> str:
    """The words "Valable jusqu'au 31/12/2030" for a document with an end, or ""."""
    if document.good_until is None or document.validity is not Validity.VALID:
        return ""
    return QCoreApplication.translate("documents", "Valable jusqu’au %1").replace(
        "%1", shown("date_expiration", document.good_until.isoformat())
    )


def pages_text(count: int) -> str:
    """The words "1 page", "3 pages"."""
    if count == 1:
        return QCoreApplication.translate("documents", "1 page")
    return QCoreApplication.translate("documents", "%1 pages").replace("%1", str(count))
