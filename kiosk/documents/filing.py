"""Filing what the person confirmed, and the shelf of what is filed ("Mes documents").

A filed document is one vault document whose revisions each hold the document's pages
(:mod:`kiosk.documents.pages`, ``image/tiff``) and, in the revision's encrypted metadata::

    {"format": "kiosk-pages/1", "mime": "image/tiff", "type": "rib", "institution": "banque",
     "pages": 2, "filed_at": "2025-06-02T09:14:03+00:00", "filed_by": "<holder id>",
     "good_until": "2026-08-31" | null, "type_confidence": 97,
     "fields": {"iban": {"value": "FR76...", "valid": true, "source": "ocr",
                         "confidence": 98, "changed": false}, ...}}

Everything in it, values included, is inside the vault's encryption (metadata are sealed
with the revision's content key). The level (the key it is encrypted under) comes from the
type (:data:`kiosk.domain.documents.DEFAULT_CLASSIFICATION`); the institution too, unless
the person chose it (a document of type ``autre``). Whether a document is still good as
proof is worked out at each listing with the caller's clock
(:func:`kiosk.domain.validity.assess_validity`); ``good_until`` is stored for the record.

Every method takes the :class:`~kiosk.documents.access.Ticket` of the person who asked, and
is meant for the interface's vault worker thread: encryption, decryption and image packing
happen here, never in the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kiosk.documents.access import OpenVault, Ticket
from kiosk.documents.errors import NotAStationDocument, NothingToFile
from kiosk.documents.pages import PAGES_MIME, BadPages, Page, pack_pages, unpack_pages
from kiosk.documents.pdf import pages_pdf
from kiosk.domain.audit import AuditOp
from kiosk.domain.canonical import Canonical
from kiosk.domain.documents import DEFAULT_CLASSIFICATION, DocumentType, name_ok
from kiosk.domain.institutions import InstitutionKind
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.validity import Validity, assess_validity, good_until, parse_date
from kiosk.vault.errors import NotAllowed
from kiosk.vault.keys import Role
from kiosk.vault.session import DocumentInfo, Meta, VaultSession

FORMAT = "kiosk-pages/1"
SOURCES = frozenset({"ocr", "mrz", "2ddoc", "person"})

#: The order of the shelves in "Mes documents".
INSTITUTION_ORDER: tuple[InstitutionKind, ...] = (
    InstitutionKind.MAIRIE,
    InstitutionKind.PREFECTURE,
    InstitutionKind.CAF,
    InstitutionKind.CPAM,
    InstitutionKind.MDPH,
    InstitutionKind.IMPOTS,
    InstitutionKind.FRANCE_TRAVAIL,
    InstitutionKind.BANQUE,
    InstitutionKind.EMPLOYEUR,
    InstitutionKind.LOGEMENT,
    InstitutionKind.CMS,
    InstitutionKind.AUTRE,
)


@dataclass(frozen=True, slots=True)
class ConfirmedField:
    """One field as the person confirmed it on the review screen.

    Attributes:
        name: canonical field name.
        value: canonical value (never empty: an empty field is not filed).
        valid: checksum verdict on this value; None when the field has none.
        source: ``"ocr"``, ``"mrz"``, ``"2ddoc"`` (read by the station) or ``"person"``.
        confidence: the reading's confidence in percent; 100 for a typed value.
        changed: the person changed the value the station read.
    """

    name: str
    value: str
    valid: bool | None = None
    source: str = "person"
    confidence: int = 100
    changed: bool = False

    def __post_init__(self) -> None:
        if not name_ok(self.name) or not self.value or self.source not in SOURCES:
            raise ValueError(f"bad confirmed field {self.name!r} ({self.source})")
        if not 0 <= self.confidence <= 100:
            raise ValueError(f"confidence of {self.name} out of 0..100")

    def as_meta(self) -> Canonical:
        """The field's entry in the revision's metadata."""
        return {
            "value": self.value,
            "valid": self.valid,
            "source": self.source,
            "confidence": self.confidence,
            "changed": self.changed,
        }


@dataclass(frozen=True, slots=True)
class Draft:
    """A document the person confirmed, ready to file.

    Attributes:
        type: the type the person confirmed.
        pages: the straightened pages, in order.
        fields: the confirmed fields.
        institution: the institution the person chose; None for the type's own.
        type_confidence: the classifier's confidence in percent.
    """

    type: DocumentType
    pages: tuple[Page, ...]
    fields: tuple[ConfirmedField, ...] = ()
    institution: InstitutionKind | None = None
    type_confidence: int = 0


@dataclass(frozen=True, slots=True)
class FiledDocument:
    """A document on the shelf.

    Attributes:
        document_id: the vault's id.
        rev: its current revision (1, then 2 after a replacement...).
        type: its type (``autre`` for a document of unknown form).
        institution: the shelf it is on.
        level: its sensitivity level.
        pages: how many pages (0 when not filed by a station).
        fields: its fields, by name.
        filed_at: when its current revision was filed.
        good_until: the last day it is good as proof, if its rule says.
        validity: the verdict on the day of the listing.
        openable: the station can show and export it.
    """

    document_id: str
    rev: int
    type: DocumentType
    institution: InstitutionKind
    level: SensitivityLevel
    pages: int
    fields: Mapping[str, ConfirmedField]
    filed_at: dt.datetime | None
    good_until: dt.date | None
    validity: Validity
    openable: bool = True


def _trusted(fields: Mapping[str, ConfirmedField]) -> dict[str, str]:
    return {name: field.value for name, field in fields.items() if field.valid is not False}


def _text(meta: Meta, key: str) -> str | None:
    value = meta.get(key)
    return value if isinstance(value, str) else None


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _fields_of(meta: Meta) -> dict[str, ConfirmedField]:
    raw = meta.get("fields")
    fields: dict[str, ConfirmedField] = {}
    if not isinstance(raw, Mapping):
        return fields
    for name, entry in raw.items():
        if not isinstance(entry, Mapping):
            continue
        value, valid, source = entry.get("value"), entry.get("valid"), entry.get("source")
        try:
            fields[name] = ConfirmedField(
                name,
                value if isinstance(value, str) else "",
                valid if isinstance(valid, bool) else None,
                source if isinstance(source, str) else "person",
                _int(entry.get("confidence"), 100),
                entry.get("changed") is True,
            )
        except ValueError:
            continue  # a damaged entry is left out, never guessed
    return fields


def _member(values: frozenset[str], text: str | None, default: str) -> str:
    return text if text is not None and text in values else default


_TYPES = frozenset(member.value for member in DocumentType)
_INSTITUTIONS = frozenset(member.value for member in InstitutionKind)


def shelved(info: DocumentInfo, today: dt.date) -> FiledDocument:
    """A vault document as the shelf shows it, judged on ``today``."""
    meta = info.meta
    doc_type = DocumentType(_member(_TYPES, _text(meta, "type"), DocumentType.AUTRE.value))
    default = DEFAULT_CLASSIFICATION[doc_type].institution
    institution = InstitutionKind(_member(_INSTITUTIONS, _text(meta, "institution"), default))
    fields = _fields_of(meta)
    filed_text = _text(meta, "filed_at")
    try:
        filed_at = None if filed_text is None else dt.datetime.fromisoformat(filed_text)
    except ValueError:
        filed_at = None
    ours = meta.get("format") == FORMAT and meta.get("mime") == PAGES_MIME
    return FiledDocument(
        info.document_id,
        info.rev,
        doc_type,
        institution,
        SensitivityLevel(info.level),
        _int(meta.get("pages"), 0) if ours else 0,
        fields,
        filed_at,
        parse_date(_text(meta, "good_until")),
        assess_validity(doc_type, _trusted(fields), today),
        ours,
    )


def by_institution(
    documents: Sequence[FiledDocument],
) -> list[tuple[InstitutionKind, list[FiledDocument]]]:
    """The documents on their shelves, in :data:`INSTITUTION_ORDER`, newest first."""
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    shelves = []
    for institution in INSTITUTION_ORDER:
        on_shelf = [d for d in documents if d.institution is institution]
        if on_shelf:
            on_shelf.sort(key=lambda d: d.filed_at or oldest, reverse=True)
            shelves.append((institution, on_shelf))
    return shelves


class DocumentShelf:
    """Files, lists, shows, replaces, deletes and exports one beneficiary's documents.

    Args:
        vault: the open vault of the person logged in.
        clock: the station's clock (aware datetimes).
    """

    def __init__(self, vault: OpenVault, clock: Callable[[], dt.datetime]) -> None:
        self._vault = vault
        self._clock = clock

    def today(self) -> dt.date:
        """The day of the station's clock, in the station's time zone."""
        return self._clock().astimezone().date()

    def _meta(self, doc_type: DocumentType, institution: InstitutionKind, draft: Draft) -> Meta:
        fields = {field.name: field for field in draft.fields}
        if len(fields) != len(draft.fields):
            raise ValueError("a field is confirmed twice")
        until = good_until(doc_type, _trusted(fields))
        return {
            "format": FORMAT,
            "mime": PAGES_MIME,
            "type": doc_type.value,
            "institution": institution.value,
            "pages": len(draft.pages),
            "filed_at": self._clock().isoformat(timespec="seconds"),
            "good_until": None if until is None else until.isoformat(),
            "type_confidence": draft.type_confidence,
            "fields": {name: field.as_meta() for name, field in fields.items()},
        }

    def file(self, ticket: Ticket, draft: Draft) -> FiledDocument:
        """Files a new document (the person said "C'est exact").

        Raises:
            NothingToFile: the draft has no page.
            SessionEnded: the person's session ended meanwhile.
        """
        default = DEFAULT_CLASSIFICATION[draft.type]
        institution = draft.institution or default.institution
        meta = self._meta(draft.type, institution, draft)
        content = pack_pages(draft.pages)
        document_id, rev = self._vault.use(
            ticket,
            lambda session: session.put_document(io.BytesIO(content), int(default.level), meta),
        )
        return shelved(
            DocumentInfo(document_id, int(default.level), rev, meta, "", 0), self.today()
        )

    def replace(self, ticket: Ticket, original: FiledDocument, draft: Draft) -> FiledDocument:
        """Files newer pages of a document as its next revision (the older stay readable).

        The document keeps its type, institution and level: it is a newer copy of the same
        paper. The fields are those the person confirmed on the new pages.

        Raises:
            NothingToFile, SessionEnded, kiosk.vault.errors.NotFound.
        """
        if not draft.pages:
            raise NothingToFile("a document needs at least one page")
        meta = self._meta(original.type, original.institution, draft)
        content = pack_pages(draft.pages)
        rev = self._vault.use(
            ticket,
            lambda session: session.add_revision(original.document_id, io.BytesIO(content), meta),
        )
        return shelved(
            DocumentInfo(original.document_id, int(original.level), rev, meta, "", 0), self.today()
        )

    def documents(self, ticket: Ticket) -> list[FiledDocument]:
        """Every document of the person, judged on today's date."""
        infos = self._vault.use(ticket, lambda session: session.list_documents())
        today = self.today()
        return [shelved(info, today) for info in infos]

    def _content(self, session: VaultSession, document_id: str) -> tuple[bytes, Meta]:
        out = io.BytesIO()
        meta = session.read_document(document_id, out)
        return out.getvalue(), meta

    def pages(self, ticket: Ticket, document_id: str) -> list[Page]:
        """The pages of a document's current revision (decrypted in memory only).

        Raises:
            NotAStationDocument: it holds no pages filed by a station.
            SessionEnded, kiosk.vault.errors.NotFound, kiosk.vault.errors.IntegrityError.
        """
        content, meta = self._vault.use(ticket, lambda session: self._content(session, document_id))
        if meta.get("format") != FORMAT or meta.get("mime") != PAGES_MIME:
            raise NotAStationDocument(document_id)
        try:
            return unpack_pages(content)
        except BadPages as error:
            raise NotAStationDocument(document_id) from error

    def delete(self, ticket: Ticket, document_id: str) -> None:
        """Deletes a document, every revision of it, and shreds its keys."""
        self._vault.use(ticket, lambda session: session.delete_document(document_id))

    def export_pdf(self, ticket: Ticket, document_id: str, title: str = "Document") -> bytes:
        """The document's pages as a PDF, in memory; the export is journaled.

        Only the beneficiary's own card may take a document out of the vault in clear.

        Raises:
            kiosk.vault.errors.NotAllowed: the session is not the beneficiary's own.
            NotAStationDocument, SessionEnded, kiosk.vault.errors.NotFound.
        """

        def own(session: VaultSession) -> None:
            if session.role is not Role.BENEFICIARY:
                raise NotAllowed("export", "only the beneficiary's own card may export")

        self._vault.use(ticket, own)
        pdf = pages_pdf(self.pages(ticket, document_id), title)
        self._vault.use(
            ticket, lambda session: session.record(AuditOp.EXPORT, f"document:{document_id}")
        )
        return pdf
