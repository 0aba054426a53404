"""Document types, default classification, fields and versions."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from kiosk.domain.documents import (
    CANONICAL_FIELDS,
    DEFAULT_CLASSIFICATION,
    VERDICT_FIELDS,
    Document,
    DocumentType,
    ExtractedField,
)
from kiosk.domain.institutions import InstitutionKind
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.people import InvalidRecord

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
HASH = "ab" * 32


def test_document_types_are_exactly_those_of_ocr_md() -> None:
    assert {t.value for t in DocumentType} == {
        "cni",
        "passeport",
        "titre_sejour",
        "rib",
        "avis_imposition",
        "attestation_caf",
        "justificatif_domicile",
        "attestation_droits_am",
        "bulletin_salaire",
        "livret_famille",
        "autre",
    }


def test_every_type_has_a_default_classification() -> None:
    assert set(DEFAULT_CLASSIFICATION) == set(DocumentType)


def test_every_type_has_its_canonical_fields() -> None:
    assert set(CANONICAL_FIELDS) == set(DocumentType)
    assert CANONICAL_FIELDS[DocumentType.AUTRE] == ()
    assert "iban" in CANONICAL_FIELDS[DocumentType.RIB]
    assert CANONICAL_FIELDS[DocumentType.CNI] == CANONICAL_FIELDS[DocumentType.TITRE_SEJOUR]
    for names in CANONICAL_FIELDS.values():
        assert len(set(names)) == len(names)
    assert {name for names in CANONICAL_FIELDS.values() for name in names} >= VERDICT_FIELDS


@pytest.mark.parametrize(
    ("doc_type", "institution", "level"),
    [
        (DocumentType.CNI, InstitutionKind.MAIRIE, 1),
        (DocumentType.PASSEPORT, InstitutionKind.MAIRIE, 1),
        (DocumentType.TITRE_SEJOUR, InstitutionKind.PREFECTURE, 1),
        (DocumentType.JUSTIFICATIF_DOMICILE, InstitutionKind.LOGEMENT, 1),
        (DocumentType.RIB, InstitutionKind.BANQUE, 2),
        (DocumentType.AVIS_IMPOSITION, InstitutionKind.IMPOTS, 2),
        (DocumentType.ATTESTATION_CAF, InstitutionKind.CAF, 2),
        (DocumentType.BULLETIN_SALAIRE, InstitutionKind.EMPLOYEUR, 2),
        (DocumentType.LIVRET_FAMILLE, InstitutionKind.MAIRIE, 2),
        (DocumentType.ATTESTATION_DROITS_AM, InstitutionKind.CPAM, 3),
        (DocumentType.AUTRE, InstitutionKind.AUTRE, 3),
    ],
)
def test_default_classification(
    doc_type: DocumentType, institution: InstitutionKind, level: int
) -> None:
    document = Document.classified("doc-1", "ben-1", doc_type)
    assert document.institution is institution
    assert document.level == SensitivityLevel(level)
    assert document.versions == ()
    assert document.latest is None


@pytest.mark.parametrize("confidence", [-0.01, 1.01, math.nan, math.inf])
def test_field_confidence_must_be_a_probability(confidence: float) -> None:
    with pytest.raises(InvalidRecord) as caught:
        ExtractedField("iban", "FR7630006000011234567890189", confidence)
    assert caught.value.attribute == "confidence"


@pytest.mark.parametrize("name", ["", "date expiration", "nom-1", "prénom"])
def test_field_names_are_canonical_identifiers(name: str) -> None:
    with pytest.raises(InvalidRecord):
        ExtractedField(name, "x", 0.5)


def test_2ddoc_field_name_is_accepted() -> None:
    assert ExtractedField("2ddoc_valide", "true", 1.0, valid=True).valid is True


def test_verifying_a_field_records_the_person_and_the_correction() -> None:
    read = ExtractedField("nom", "DURAMD", 0.62)
    confirmed = read.verified("ben-1", "DURAND")
    assert (confirmed.value, confirmed.verified_by) == ("DURAND", "ben-1")
    assert confirmed.confidence == 1.0
    assert read.verified("ag-1").value == "DURAMD"
    assert read.verified_by is None


def test_versions_count_up_from_one() -> None:
    document = Document.classified("doc-1", "ben-1", DocumentType.RIB)
    document = document.with_version(NOW, "ben-1", "image/jpeg", 2048, HASH)
    document = document.with_version(NOW, "ag-1", "image/jpeg", 1024, "cd" * 32)
    assert [v.rev for v in document.versions] == [1, 2]
    assert document.latest is not None
    assert document.latest.created_by == "ag-1"


def test_versions_out_of_order_are_refused() -> None:
    first = Document.classified("doc-1", "ben-1", DocumentType.RIB)
    two = first.with_version(NOW, "ben-1", "image/jpeg", 1, HASH).with_version(
        NOW, "ben-1", "image/jpeg", 1, HASH
    )
    with pytest.raises(InvalidRecord) as caught:
        Document(
            "doc-1",
            "ben-1",
            DocumentType.RIB,
            InstitutionKind.BANQUE,
            SensitivityLevel.SOCIAL_FINANCIAL,
            versions=(two.versions[1], two.versions[0]),
        )
    assert caught.value.attribute == "versions"


def test_version_hash_must_be_sha256_hex() -> None:
    document = Document.classified("doc-1", "ben-1", DocumentType.RIB)
    with pytest.raises(InvalidRecord) as caught:
        document.with_version(NOW, "ben-1", "image/jpeg", 10, "not a hash")
    assert caught.value.attribute == "ct_sha256"


def test_with_field_replaces_by_name_and_duplicates_are_refused() -> None:
    document = Document.classified("doc-1", "ben-1", DocumentType.CNI)
    document = document.with_field(ExtractedField("nom", "DURAMD", 0.6))
    document = document.with_field(ExtractedField("sexe", "F", 0.9))
    document = document.with_field(ExtractedField("nom", "DURAND", 1.0, verified_by="ben-1"))
    assert [f.name for f in document.fields] == ["sexe", "nom"]
    named = document.field("nom")
    assert named is not None
    assert named.value == "DURAND"
    assert document.field("prenoms") is None
    with pytest.raises(InvalidRecord):
        Document(
            "doc-2",
            "ben-1",
            DocumentType.CNI,
            InstitutionKind.MAIRIE,
            SensitivityLevel.ADMINISTRATIVE,
            fields=(ExtractedField("nom", "A", 1.0), ExtractedField("nom", "B", 1.0)),
        )
