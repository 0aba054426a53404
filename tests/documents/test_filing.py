"""Filing confirmed documents, the shelf by institution, replace, delete, export, sessions."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time

import numpy as np
import pytest
from PIL import Image

from kiosk.documents.access import OpenVault, Ticket
from kiosk.documents.errors import NotAStationDocument, NothingToFile, SessionEnded
from kiosk.documents.filing import (
    FORMAT,
    ConfirmedField,
    Draft,
    by_institution,
)
from kiosk.documents.pages import PAGES_MIME, pack_pages, unpack_pages
from kiosk.domain.audit import AuditOp
from kiosk.domain.documents import DocumentType
from kiosk.domain.institutions import InstitutionKind
from kiosk.domain.levels import SensitivityLevel
from kiosk.domain.validity import Validity
from kiosk.vault.errors import NotFound, SessionClosed

from .conftest import NOW, Desk, page

IBAN = "FR7630006000011234567890189"


def _rib(*pages: np.ndarray) -> Draft:
    return Draft(
        DocumentType.RIB,
        pages or (page(),),
        (
            ConfirmedField("iban", IBAN, True, "ocr", 98),
            ConfirmedField("titulaire", "Alex Test", None, "person", 100, changed=True),
        ),
        type_confidence=97,
    )


def test_a_confirmed_document_is_filed_under_its_institution_and_level(desk: Desk) -> None:
    filed = desk.shelf.file(desk.ticket, _rib(page(1), page(2)))

    assert (filed.type, filed.institution, filed.level) == (
        DocumentType.RIB,
        InstitutionKind.BANQUE,
        SensitivityLevel.SOCIAL_FINANCIAL,
    )
    assert (filed.rev, filed.pages, filed.openable) == (1, 2, True)
    listed = desk.shelf.documents(desk.ticket)
    assert [d.document_id for d in listed] == [filed.document_id]
    shelf = listed[0]
    assert shelf.fields["iban"].value == IBAN
    assert shelf.fields["iban"].valid is True
    assert shelf.fields["titulaire"].changed is True
    assert shelf.filed_at == NOW
    assert shelf.validity is Validity.VALID
    # the vault's own export sees the pages as a TIFF file
    meta = desk.open_vault.use(
        desk.ticket, lambda s: s.read_document(filed.document_id, io.BytesIO())
    )
    assert (meta["format"], meta["mime"], meta["pages"]) == (FORMAT, PAGES_MIME, 2)


def test_pages_come_back_as_they_were_filed(desk: Desk) -> None:
    originals = [page(3), page(4, (500, 700))]
    filed = desk.shelf.file(desk.ticket, _rib(*originals))

    pages = desk.shelf.pages(desk.ticket, filed.document_id)

    assert [p.shape for p in pages] == [p.shape for p in originals]
    for got, original in zip(pages, originals, strict=True):
        assert float(np.abs(got.astype(int) - original.astype(int)).mean()) < 4  # JPEG


def test_autre_goes_where_the_person_says_at_level_3(desk: Desk) -> None:
    draft = Draft(DocumentType.AUTRE, (page(),), institution=InstitutionKind.MDPH)
    filed = desk.shelf.file(desk.ticket, draft)
    assert (filed.institution, filed.level, filed.fields) == (
        InstitutionKind.MDPH,
        SensitivityLevel.HEALTH_JUSTICE,
        {},
    )


def test_the_shelf_flags_expired_papers_and_old_proofs_of_address(desk: Desk) -> None:
    shelf, ticket = desk.shelf, desk.ticket
    expired = shelf.file(
        ticket,
        Draft(
            DocumentType.CNI,
            (page(),),
            (ConfirmedField("date_expiration", "2025-01-31", True, "mrz", 90),),
        ),
    )
    old_bill = shelf.file(
        ticket,
        Draft(
            DocumentType.JUSTIFICATIF_DOMICILE,
            (page(),),
            (ConfirmedField("date_document", "2025-02-01", None, "ocr", 80),),
        ),
    )
    recent_bill = shelf.file(
        ticket,
        Draft(
            DocumentType.JUSTIFICATIF_DOMICILE,
            (page(),),
            (ConfirmedField("date_document", "2025-05-01", None, "ocr", 80),),
        ),
    )
    avis = shelf.file(
        ticket,
        Draft(
            DocumentType.AVIS_IMPOSITION,
            (page(),),
            (ConfirmedField("annee_revenus", "2023", None, "ocr", 80),),
        ),
    )
    verdicts = {d.document_id: d.validity for d in shelf.documents(ticket)}
    assert verdicts == {
        expired.document_id: Validity.EXPIRED,
        old_bill.document_id: Validity.TOO_OLD,
        recent_bill.document_id: Validity.VALID,
        avis.document_id: Validity.VALID,  # June 2025: the avis on 2024 is not out for all
    }
    assert recent_bill.good_until == dt.date(2025, 8, 1)
    desk.clock[0] = dt.datetime(2025, 9, 2, tzinfo=dt.UTC)
    later = {d.document_id: d.validity for d in shelf.documents(ticket)}
    assert later[recent_bill.document_id] is Validity.TOO_OLD
    assert later[avis.document_id] is Validity.TOO_OLD


def test_a_field_whose_checksum_failed_is_not_trusted_for_validity(desk: Desk) -> None:
    filed = desk.shelf.file(
        desk.ticket,
        Draft(
            DocumentType.PASSEPORT,
            (page(),),
            (ConfirmedField("date_expiration", "2030-01-01", False, "mrz", 90),),
        ),
    )
    assert filed.validity is Validity.UNKNOWN
    assert filed.good_until is None


def test_shelves_follow_the_institution_order_newest_first(desk: Desk) -> None:
    shelf, ticket = desk.shelf, desk.ticket
    first = shelf.file(ticket, _rib())
    desk.clock[0] = NOW + dt.timedelta(hours=1)
    second = shelf.file(ticket, _rib())
    caf = shelf.file(ticket, Draft(DocumentType.ATTESTATION_CAF, (page(),)))
    cni = shelf.file(ticket, Draft(DocumentType.CNI, (page(),)))

    shelves = by_institution(shelf.documents(ticket))

    assert [(i, [d.document_id for d in docs]) for i, docs in shelves] == [
        (InstitutionKind.MAIRIE, [cni.document_id]),
        (InstitutionKind.CAF, [caf.document_id]),
        (InstitutionKind.BANQUE, [second.document_id, first.document_id]),
    ]


def test_replace_files_a_newer_version_and_keeps_the_older(desk: Desk) -> None:
    original = desk.shelf.file(desk.ticket, _rib(page(1)))
    desk.clock[0] = NOW + dt.timedelta(days=1)
    newer = Draft(
        DocumentType.AUTRE,  # whatever the new pages were read as, it is the same paper
        (page(5), page(6)),
        (ConfirmedField("iban", "FR7610278579028079986319759", True, "ocr", 95),),
    )

    replaced = desk.shelf.replace(desk.ticket, original, newer)

    assert (replaced.document_id, replaced.rev, replaced.pages) == (original.document_id, 2, 2)
    assert (replaced.type, replaced.institution) == (DocumentType.RIB, InstitutionKind.BANQUE)
    listed = desk.shelf.documents(desk.ticket)
    assert len(listed) == 1
    assert listed[0].fields["iban"].value == "FR7610278579028079986319759"
    assert len(desk.shelf.pages(desk.ticket, original.document_id)) == 2
    first = io.BytesIO()
    desk.open_vault.use(desk.ticket, lambda s: s.read_document(original.document_id, first, 1))
    assert len(unpack_pages(first.getvalue())) == 1


def test_delete_removes_the_document_and_its_files(desk: Desk) -> None:
    filed = desk.shelf.file(desk.ticket, _rib())
    blobs = desk.data_dir / "blobs"
    assert any(p.is_file() for p in blobs.rglob("*") if p.parent.name != "tmp")

    desk.shelf.delete(desk.ticket, filed.document_id)

    assert desk.shelf.documents(desk.ticket) == []
    assert not any(p.is_file() for p in blobs.rglob("*") if p.parent.name != "tmp")
    with pytest.raises(NotFound):
        desk.shelf.pages(desk.ticket, filed.document_id)


def test_export_gives_a_pdf_with_one_page_per_page_and_is_journaled(desk: Desk) -> None:
    filed = desk.shelf.file(desk.ticket, _rib(page(1), page(2, (500, 700))))

    pdf = desk.shelf.export_pdf(desk.ticket, filed.document_id, "RIB")

    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 2
    assert IBAN.encode() not in pdf
    with desk.vault.db.transaction() as s:
        events = [event for event, _hash in desk.vault.journal.rows(s)]
    assert any(
        e.op is AuditOp.EXPORT and e.object == f"document:{filed.document_id}" for e in events
    )


def test_a_document_not_filed_as_pages_cannot_be_opened(desk: Desk) -> None:
    doc_id, _ = desk.open_vault.use(
        desk.ticket,
        lambda s: s.put_document(io.BytesIO(b"%PDF-1.4 ..."), 1, {"mime": "application/pdf"}),
    )
    listed = desk.shelf.documents(desk.ticket)
    assert [(d.type, d.openable, d.pages) for d in listed] == [(DocumentType.AUTRE, False, 0)]
    with pytest.raises(NotAStationDocument):
        desk.shelf.pages(desk.ticket, doc_id)


def test_a_document_needs_a_page() -> None:
    with pytest.raises(NothingToFile):
        pack_pages([])


def test_damaged_field_entries_are_left_out_not_guessed(desk: Desk) -> None:
    content = pack_pages([page()])
    desk.open_vault.use(
        desk.ticket,
        lambda s: s.put_document(
            io.BytesIO(content),
            2,
            {
                "format": FORMAT,
                "mime": PAGES_MIME,
                "type": "pas-un-type",
                "institution": "nulle-part",
                "pages": 1,
                "fields": {"iban": {"value": 12}, "bic": "x", "nom": {"value": "Test"}},
            },
        ),
    )
    (listed,) = desk.shelf.documents(desk.ticket)
    assert (listed.type, listed.institution) == (DocumentType.AUTRE, InstitutionKind.AUTRE)
    assert list(listed.fields) == ["nom"]


def test_work_for_an_ended_session_is_refused(desk: Desk) -> None:
    stale = desk.ticket
    desk.open_vault.hold(desk.vault.open_session(desk.beneficiary_id, desk.card, "again"))
    with pytest.raises(SessionEnded):
        desk.shelf.documents(stale)
    assert desk.shelf.documents(desk.ticket) == []


def test_closing_during_work_closes_when_the_work_ends_then_refuses_more() -> None:
    class SlowSession:
        beneficiary_id = "ben"

        def __init__(self) -> None:
            self.closed = False
            self.finished_before_close = False

        def work(self) -> str:
            time.sleep(0.2)
            self.finished_before_close = not self.closed
            return "done"

        def close(self) -> None:
            self.closed = True

    slot = OpenVault()
    session = SlowSession()
    held = slot.hold(session)  # type: ignore[arg-type]
    ticket = slot.ticket()
    assert ticket == Ticket(1, "ben")
    results: list[str] = []

    def work(_session: object) -> str:
        return session.work()

    worker = threading.Thread(target=lambda: results.append(slot.use(ticket, work)))
    worker.start()
    time.sleep(0.05)
    started = time.monotonic()
    held.close()  # does not wait: the reader thread must never be stuck behind the vault
    assert time.monotonic() - started < 0.1
    assert slot.ticket() is None  # no new work from now on
    assert not session.closed  # not under the work in progress
    worker.join()
    assert results == ["done"]
    assert session.finished_before_close and session.closed
    assert slot.ticket() is None
    with pytest.raises(SessionEnded):
        slot.use(ticket, lambda s: s)


def test_a_closed_vault_session_refuses_filing(desk: Desk) -> None:
    ticket = desk.ticket
    desk.open_vault.use(ticket, lambda s: s.close())
    with pytest.raises(SessionClosed):
        desk.shelf.file(ticket, _rib())


def test_pages_are_kept_at_most_at_a4_300_dpi() -> None:
    big = np.full((5000, 3000), 200, dtype=np.uint8)
    (back,) = unpack_pages(pack_pages([big]))
    assert max(back.shape) == 3508
    with Image.open(io.BytesIO(pack_pages([big]))) as image:
        assert image.format == "TIFF"
