"""Vault documents: types, default institution and sensitivity, extracted fields, versions."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from kiosk.domain.institutions import InstitutionKind
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.people import InvalidRecord
from kiosk.domain.primitives import is_sha256_hex, require_aware


class DocumentType(StrEnum):
    """The document types OCR recognises (design/OCR.md); values are stored."""

    CNI = "cni"
    PASSEPORT = "passeport"
    TITRE_SEJOUR = "titre_sejour"
    RIB = "rib"
    AVIS_IMPOSITION = "avis_imposition"
    ATTESTATION_CAF = "attestation_caf"
    JUSTIFICATIF_DOMICILE = "justificatif_domicile"
    ATTESTATION_DROITS_AM = "attestation_droits_am"
    BULLETIN_SALAIRE = "bulletin_salaire"
    LIVRET_FAMILLE = "livret_famille"
    AUTRE = "autre"


IDENTITY_TYPES = frozenset({DocumentType.CNI, DocumentType.PASSEPORT, DocumentType.TITRE_SEJOUR})


@dataclass(frozen=True, slots=True)
class Classification:
    """Where a document comes from and how sensitive it is.

    Attributes:
        institution: the class of institution that issues it.
        level: its sensitivity level.
    """

    institution: InstitutionKind
    level: SensitivityLevel


_ADMIN = SensitivityLevel.ADMINISTRATIVE
_SOCIAL = SensitivityLevel.SOCIAL_FINANCIAL
_HEALTH = SensitivityLevel.HEALTH_JUSTICE

# Defaults given to a document when it enters the vault. Choices:
# - Identity papers are level 1: every request needs one, so the lowest-level agent must
#   see them. The titre de séjour is level 1 too, so that a foreign national is not served
#   by fewer agents than a French one. CNI and passport are filed under the mairie (where
#   they are asked for and handed over), the titre de séjour under the préfecture.
# - Proof of address (bill, rent receipt) is level 1: the address is on every form. It is
#   filed under LOGEMENT (the supplier or the landlord issues it).
# - Money is level 2: RIB (bank), avis d'imposition (income, household), attestation CAF
#   (benefits received), payslip (filed under EMPLOYEUR; income).
# - The livret de famille is level 2: marriages, divorces, children, deaths and
#   recognitions are family situation, not mere identity (état civil: the mairie).
# - The attestation de droits AM is level 3: it shows the NIR and health cover (CSS,
#   ALD exemption) and so reveals health information. Health and disability papers (MDPH
#   notifications, medical certificates) have no OCR type: they are filed as AUTRE, at
#   level 3, under the institution the person chooses (MDPH, CPAM...).
# - AUTRE is level 3: its content is unknown, so it starts at the most restricted level
#   until someone reclassifies it.
DEFAULT_CLASSIFICATION: Mapping[DocumentType, Classification] = MappingProxyType(
    {
        DocumentType.CNI: Classification(InstitutionKind.MAIRIE, _ADMIN),
        DocumentType.PASSEPORT: Classification(InstitutionKind.MAIRIE, _ADMIN),
        DocumentType.TITRE_SEJOUR: Classification(InstitutionKind.PREFECTURE, _ADMIN),
        DocumentType.JUSTIFICATIF_DOMICILE: Classification(InstitutionKind.LOGEMENT, _ADMIN),
        DocumentType.RIB: Classification(InstitutionKind.BANQUE, _SOCIAL),
        DocumentType.AVIS_IMPOSITION: Classification(InstitutionKind.IMPOTS, _SOCIAL),
        DocumentType.ATTESTATION_CAF: Classification(InstitutionKind.CAF, _SOCIAL),
        DocumentType.BULLETIN_SALAIRE: Classification(InstitutionKind.EMPLOYEUR, _SOCIAL),
        DocumentType.LIVRET_FAMILLE: Classification(InstitutionKind.MAIRIE, _SOCIAL),
        DocumentType.ATTESTATION_DROITS_AM: Classification(InstitutionKind.CPAM, _HEALTH),
        DocumentType.AUTRE: Classification(InstitutionKind.AUTRE, _HEALTH),
    }
)


_IDENTITY_FIELDS = (
    "nom",
    "prenoms",
    "sexe",
    "date_naissance",
    "nationalite",
    "numero_document",
    "date_expiration",
    "mrz_valide",
)

#: The canonical fields of each type (design/OCR.md), in the order a person reads them.
CANONICAL_FIELDS: Mapping[DocumentType, tuple[str, ...]] = MappingProxyType(
    {
        DocumentType.CNI: _IDENTITY_FIELDS,
        DocumentType.PASSEPORT: _IDENTITY_FIELDS,
        DocumentType.TITRE_SEJOUR: _IDENTITY_FIELDS,
        DocumentType.RIB: ("titulaire", "iban", "bic"),
        DocumentType.AVIS_IMPOSITION: (
            "annee_revenus",
            "revenu_fiscal_reference",
            "nombre_parts",
            "numero_fiscal",
            "reference_avis",
            "2ddoc_valide",
        ),
        DocumentType.ATTESTATION_CAF: ("nom", "numero_allocataire", "date_document"),
        DocumentType.JUSTIFICATIF_DOMICILE: (
            "nom",
            "adresse",
            "code_postal",
            "commune",
            "date_document",
        ),
        DocumentType.ATTESTATION_DROITS_AM: ("nom", "prenoms", "nir"),
        DocumentType.BULLETIN_SALAIRE: ("employeur", "periode", "salaire_net"),
        DocumentType.LIVRET_FAMILLE: ("nom", "date_mariage"),
        DocumentType.AUTRE: (),
    }
)

#: Fields that are verdicts of the station (a check digit, a signature), never typed in.
VERDICT_FIELDS = frozenset({"mrz_valide", "2ddoc_valide"})


@dataclass(frozen=True, slots=True)
class ExtractedField:
    """One field read from a document (canonical names and forms of design/OCR.md).

    Attributes:
        name: canonical field name, e.g. ``"date_expiration"``.
        value: normalised value as text.
        confidence: OCR confidence in [0, 1]; 1.0 once a person typed or confirmed it.
        valid: checksum verdict (MRZ check digit, IBAN key...); None if the field has none.
        verified_by: id of the person who confirmed the value, or None.
    """

    name: str
    value: str
    confidence: float
    valid: bool | None = None
    verified_by: str | None = None

    def __post_init__(self) -> None:
        if not name_ok(self.name):
            raise InvalidRecord("ExtractedField", "name")
        if not (math.isfinite(self.confidence) and 0.0 <= self.confidence <= 1.0):
            raise InvalidRecord("ExtractedField", "confidence")

    def verified(self, actor: str, value: str | None = None) -> ExtractedField:
        """The field confirmed (and possibly corrected) by ``actor``."""
        return replace(
            self,
            value=self.value if value is None else value,
            confidence=1.0,
            verified_by=actor,
        )


def name_ok(name: str) -> bool:
    """True for a field name: ASCII letters, digits and underscores, not empty."""
    return bool(name) and name.isascii() and name.replace("_", "a").isalnum()


@dataclass(frozen=True, slots=True)
class DocumentVersion:
    """One stored revision of a document's content.

    Attributes:
        rev: revision number, 1 for the first.
        created_at: when it was stored (aware).
        created_by: actor id (beneficiary or agent).
        mime: media type of the plaintext.
        size: plaintext size in bytes.
        ct_sha256: SHA-256 of the ciphertext (lower-case hex), never of the plaintext.
    """

    rev: int
    created_at: datetime
    created_by: str
    mime: str
    size: int
    ct_sha256: str

    def __post_init__(self) -> None:
        if self.rev < 1:
            raise InvalidRecord("DocumentVersion", "rev")
        require_aware(self.created_at)
        if self.size < 0:
            raise InvalidRecord("DocumentVersion", "size")
        if not is_sha256_hex(self.ct_sha256):
            raise InvalidRecord("DocumentVersion", "ct_sha256")


@dataclass(frozen=True, slots=True)
class Document:
    """A document in a beneficiary's vault.

    Attributes:
        id: random identifier.
        beneficiary_id: whose vault it is in.
        type: document type.
        institution: class of the issuing institution.
        level: sensitivity level (picks the vault key).
        issued_on: issue date, if known.
        valid_until: last day of validity, if known.
        versions: revisions, ``rev`` 1, 2, ... in order.
        fields: extracted fields, names unique.
    """

    id: str
    beneficiary_id: str
    type: DocumentType
    institution: InstitutionKind
    level: SensitivityLevel
    issued_on: date | None = None
    valid_until: date | None = None
    versions: tuple[DocumentVersion, ...] = ()
    fields: tuple[ExtractedField, ...] = ()

    def __post_init__(self) -> None:
        if [v.rev for v in self.versions] != list(range(1, len(self.versions) + 1)):
            raise InvalidRecord("Document", "versions")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise InvalidRecord("Document", "fields")

    @classmethod
    def classified(cls, doc_id: str, beneficiary_id: str, doc_type: DocumentType) -> Document:
        """A new, empty document with the default institution and level of its type."""
        default = DEFAULT_CLASSIFICATION[doc_type]
        return cls(doc_id, beneficiary_id, doc_type, default.institution, default.level)

    @property
    def latest(self) -> DocumentVersion | None:
        """The newest version, or None before the first one is stored."""
        return self.versions[-1] if self.versions else None

    def field(self, name: str) -> ExtractedField | None:
        """The field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)

    def with_version(
        self, created_at: datetime, created_by: str, mime: str, size: int, ct_sha256: str
    ) -> Document:
        """The document with one more version (``rev`` = previous + 1)."""
        version = DocumentVersion(
            len(self.versions) + 1, created_at, created_by, mime, size, ct_sha256
        )
        return replace(self, versions=(*self.versions, version))

    def with_field(self, extracted: ExtractedField) -> Document:
        """The document with ``extracted`` added, or replacing the field of the same name."""
        kept = tuple(f for f in self.fields if f.name != extracted.name)
        return replace(self, fields=(*kept, extracted))
