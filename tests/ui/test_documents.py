"""The beneficiary's documents in the kiosk: photograph, review, file, list, open, replace.

The card stack is a stand-in (statuses sent from a thread); the vault is real, the camera
is a file camera over the seed photos of tests/data/ocr/seed, and the OCR pipeline is the
real one (about a second a page), on two photos only. Other steps feed the review with a
reading made by hand.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.auth.session import CardPhase
from kiosk.documents.filing import ConfirmedField, Draft
from kiosk.domain.documents import DocumentType
from kiosk.domain.institutions import InstitutionKind
from kiosk.ocr.fields import FieldReading
from kiosk.ui.app import KioskUi
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.document_flow import DocumentFlow
from kiosk.ui.flow import ScreenName

from .cards import BENEFICIARY, FakeCardManager, emit_from_thread, status
from .papers import SEED, PaperDesk, fake_reading, make_desk

BAD_IBAN = "FR4430066439641385315435333"  # bad00: its key is wrong
GOOD_IBAN = "FR7630002551177762160846413"  # 0003_rib_classic
READ_TIMEOUT_MS = 40_000


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A TMPDIR of the test's own, so that nothing another test left there is searched."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def desk(tmp_path: Path, private_tmp: Path) -> Iterator[PaperDesk]:
    built = make_desk(tmp_path, SEED / "bad00_iban_wrong_key_photo.jpg")
    yield built
    built.services.close()
    built.open_vault.use(built.ticket, lambda s: s.close())
    built.vault.db.close()


@pytest.fixture
def ui(qtbot: QtBot, make_ui: Callable[..., KioskUi], desk: PaperDesk) -> Iterator[KioskUi]:
    built = make_ui(card=CardBridge(FakeCardManager(), idle_timeout_s=600), documents=desk.services)
    built.window.resize(1280, 800)
    built.window.show()
    qtbot.waitExposed(built.window)
    assert built.flow is not None and built.card is not None
    with qtbot.waitSignals([built.flow.view_shown] * 2, timeout=2000):
        emit_from_thread(
            built.card.listener,
            status(CardPhase.READING),
            status(CardPhase.OPEN, holder=BENEFICIARY),
        )
    yield built
    papers(built).screens.capture.feed.wait_stopped()
    built.card.deleteLater()


def papers(ui: KioskUi) -> DocumentFlow:
    assert ui.documents is not None
    return ui.documents


def _screen(ui: KioskUi) -> str:
    return ui.window.current_screen().screen_id


def _click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _texts(widget: QWidget) -> str:
    return " ".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def _home_tile(ui: KioskUi, index: int) -> QWidget:
    home = ui.screens.homes[ScreenName.HOME_BENEFICIARY]
    return home.tiles[index]


def _wait_screen(qtbot: QtBot, ui: KioskUi, screen_id: str, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: _screen(ui) == screen_id, timeout=timeout)


def _wait_listed(qtbot: QtBot, ui: KioskUi, count: int) -> None:
    documents = papers(ui).screens.documents
    qtbot.waitUntil(
        lambda: (
            _screen(ui) == "documents"
            and not documents.job.busy
            and len(documents.document_buttons) == count
        ),
        timeout=5000,
    )


def _variants(secret: str) -> list[bytes]:
    plain = unicodedata.normalize("NFKD", secret).encode("ascii", "ignore").decode()
    spaced = " ".join(plain[i : i + 4] for i in range(0, len(plain), 4))
    out = []
    for text in {secret, plain, plain.lower(), spaced}:
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


def _files_holding(folder: Path, secret: str) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(variant in data for variant in _variants(secret)):
                found.append(path)
    return found


def test_photo_review_file_then_nothing_in_clear_on_disk(
    qtbot: QtBot, ui: KioskUi, desk: PaperDesk, private_tmp: Path
) -> None:
    flow = papers(ui)
    capture, review = flow.screens.capture, flow.screens.review
    home = ui.screens.homes[ScreenName.HOME_BENEFICIARY]
    assert home.tiles[0].isEnabled() and home.tiles[1].isEnabled()

    _click(_home_tile(ui, 0))  # "Ajouter un document"
    assert _screen(ui) == "capture"
    assert capture.feed.running
    # the file camera shows a RIB photographed on a table: the outline, then the shutter
    qtbot.waitUntil(lambda: capture.view.has_outline or _screen(ui) == "review", timeout=10_000)
    _wait_screen(qtbot, ui, "review", READ_TIMEOUT_MS)

    assert review.chosen_type is DocumentType.RIB
    box = review.form.boxes["iban"]
    assert box.text().replace(" ", "") == BAD_IBAN  # as read: not corrected
    assert review.form.mark_of("iban") is False
    assert review.form.shown_mark("iban") == "à vérifier"
    assert review.form.shown_mark("bic") == "✓"
    assert desk.services.shelf.documents(desk.ticket) == []  # nothing filed yet

    _click(review.confirm_button)  # "C'est exact"
    _wait_listed(qtbot, ui, 1)
    documents = flow.screens.documents
    assert documents.notice.text() == "Votre document est rangé."
    (filed,) = desk.services.shelf.documents(desk.ticket)
    assert (filed.type, filed.institution, int(filed.level)) == (
        DocumentType.RIB,
        InstitutionKind.BANQUE,
        2,
    )
    assert filed.fields["iban"].value == BAD_IBAN
    assert filed.fields["iban"].valid is False
    assert "Banque" in _texts(documents)
    assert documents.document_buttons[0].text().startswith("RIB")

    for folder in (desk.data_dir, private_tmp):
        for secret in (BAD_IBAN, "CMCIFRPPXXX"):
            assert _files_holding(folder, secret) == [], (folder, secret)


def test_the_big_button_takes_the_photo_and_a_good_iban_gets_its_mark(
    qtbot: QtBot, ui: KioskUi, desk: PaperDesk
) -> None:
    desk.camera_path = SEED / "0003_rib_classic.png"  # a scan: no table around the page
    flow = papers(ui)
    capture, review = flow.screens.capture, flow.screens.review
    _click(_home_tile(ui, 0))
    qtbot.waitUntil(lambda: not capture.view.image.isNull(), timeout=5000)
    assert capture.take_button.text() == "Prendre la photo"

    _click(capture.take_button)
    assert capture.reading
    assert "Lecture de la page" in capture.status.text()
    _wait_screen(qtbot, ui, "review", READ_TIMEOUT_MS)

    assert review.form.boxes["iban"].text() == "FR76 3000 2551 1777 6216 0846 413"
    assert review.form.mark_of("iban") is True
    assert review.form.shown_mark("iban") == "✓"
    # a typing slip is marked at once, and is never "fixed"
    review.form.boxes["iban"].setText("FR76 3000 2551 1777 6216 0846 414")
    assert review.form.shown_mark("iban") == "à vérifier"
    review.form.boxes["iban"].setText("FR76 3000 2551 1777 6216 0846 413")
    assert review.form.shown_mark("iban") == "✓"


def test_leaving_the_review_files_nothing(qtbot: QtBot, ui: KioskUi, desk: PaperDesk) -> None:
    flow = papers(ui)
    review = flow.screens.review
    _click(_home_tile(ui, 0))
    flow.screens.capture.feed.stop()
    flow.screens.capture.page_read.emit(fake_reading())
    assert _screen(ui) == "review"
    assert review.page_count == 1

    _click(review.back_button)

    assert _screen(ui) == ScreenName.HOME_BENEFICIARY
    assert review.page_count == 0
    assert desk.services.shelf.documents(desk.ticket) == []


def test_taking_the_card_out_during_the_review_files_nothing_and_forgets(
    qtbot: QtBot, ui: KioskUi, desk: PaperDesk
) -> None:
    flow = papers(ui)
    _click(_home_tile(ui, 0))
    flow.screens.capture.page_read.emit(
        fake_reading(fields={"iban": FieldReading(GOOD_IBAN, 0.9, True)})
    )
    assert flow.screens.review.form.boxes["iban"].text().startswith("FR76")
    assert ui.flow is not None and ui.card is not None
    with qtbot.waitSignal(ui.flow.view_shown, timeout=2000):
        emit_from_thread(ui.card.listener, status(CardPhase.NO_CARD))

    assert _screen(ui) == ScreenName.WELCOME
    assert flow.screens.review.page_count == 0
    assert flow.screens.review.form.boxes == {}
    assert not flow.screens.capture.feed.running
    assert desk.services.shelf.documents(desk.ticket) == []


def test_a_corrupt_image_is_refused_in_plain_words(
    qtbot: QtBot, ui: KioskUi, desk: PaperDesk, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    flow = papers(ui)
    capture = flow.screens.capture
    _click(_home_tile(ui, 0))
    capture.feed.wait_stopped()

    capture.read_image(b"\xff\xd8\xff\xe0 not really a JPEG")
    qtbot.waitUntil(lambda: not capture.reading, timeout=5000)

    assert _screen(ui) == "capture"
    assert capture.alert.isVisibleTo(capture)
    assert capture.alert.text() == (
        "L’image est abîmée. Elle ne peut pas être lue. Reprenez la photo."
    )
    capture.feed.wait_stopped()

    broken = tmp_path / "camera"
    broken.mkdir()
    (broken / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 broken")
    desk.camera_path = broken
    capture.start()
    qtbot.waitUntil(lambda: capture.alert.isVisibleTo(capture), timeout=5000)
    assert capture.alert.text().startswith("La caméra ne donne pas d’image.")
    assert any("unreadable image" in r.getMessage() for r in caplog.records)
    caplog.clear()
    assert desk.services.shelf.documents(desk.ticket) == []


def test_a_photo_without_a_page_is_refused_in_plain_words(
    qtbot: QtBot, ui: KioskUi, desk: PaperDesk, tmp_path: Path
) -> None:
    table = tmp_path / "table.png"
    Image.fromarray(np.full((1600, 1200, 3), 40, dtype=np.uint8)).save(table)
    desk.camera_path = table
    flow = papers(ui)
    capture = flow.screens.capture
    _click(_home_tile(ui, 0))
    qtbot.waitUntil(lambda: not capture.view.image.isNull(), timeout=5000)
    assert "Posez la feuille" in capture.status.text()

    _click(capture.take_button)
    qtbot.waitUntil(lambda: capture.alert.isVisibleTo(capture), timeout=READ_TIMEOUT_MS)

    assert _screen(ui) == "capture"
    assert capture.alert.text().startswith("La borne ne trouve pas de page sur la photo.")
    assert capture.feed.running  # ready for another try
    assert desk.services.shelf.documents(desk.ticket) == []


def test_an_unknown_document_invents_nothing_and_goes_where_the_person_says(
    qtbot: QtBot, ui: KioskUi, desk: PaperDesk
) -> None:
    flow = papers(ui)
    review = flow.screens.review
    _click(_home_tile(ui, 0))
    flow.screens.capture.page_read.emit(fake_reading("autre", confidence=0.98))

    assert review.chosen_type is DocumentType.AUTRE
    assert review.form.rows == []
    assert "pas reconnu" in review.type_note.text()
    assert review.institution_box.isVisibleTo(review)
    review.institution_box.setCurrentIndex(review.institution_box.findData("mdph"))
    _click(review.confirm_button)
    _wait_listed(qtbot, ui, 1)

    (filed,) = desk.services.shelf.documents(desk.ticket)
    assert (filed.type, filed.institution, int(filed.level), filed.fields) == (
        DocumentType.AUTRE,
        InstitutionKind.MDPH,
        3,
        {},
    )


def test_two_pages_make_one_document(qtbot: QtBot, ui: KioskUi, desk: PaperDesk) -> None:
    flow = papers(ui)
    review, capture = flow.screens.review, flow.screens.capture
    _click(_home_tile(ui, 0))
    capture.page_read.emit(
        fake_reading("avis_imposition", {"annee_revenus": FieldReading("2024", 0.9)})
    )
    _click(review.add_page_button)
    assert _screen(ui) == "capture"
    assert capture.title.text() == "Photo de la page 2"
    capture.page_read.emit(
        fake_reading("autre", {"revenu_fiscal_reference": FieldReading("18432", 0.8)})
    )
    assert _screen(ui) == "review"
    assert review.page_count == 2
    assert review.chosen_type is DocumentType.AVIS_IMPOSITION  # the first page says
    assert review.page_label.text() == "Page 2 sur 2"
    assert review.form.boxes["revenu_fiscal_reference"].text() == "18432"
    review.form.boxes["nombre_parts"].setText("1.5")  # typed by the person

    _click(review.confirm_button)
    _wait_listed(qtbot, ui, 1)

    (filed,) = desk.services.shelf.documents(desk.ticket)
    assert filed.pages == 2
    assert {name: (f.value, f.source) for name, f in filed.fields.items()} == {
        "annee_revenus": ("2024", "ocr"),
        "revenu_fiscal_reference": ("18432", "ocr"),
        "nombre_parts": ("1.5", "person"),
    }


def _file(desk: PaperDesk, doc_type: DocumentType, **values: str) -> None:
    desk.services.shelf.file(
        desk.ticket,
        Draft(
            doc_type,
            (np.full((700, 500), 230, dtype=np.uint8),),
            tuple(ConfirmedField(name, value, None, "ocr", 90) for name, value in values.items()),
        ),
    )


def test_my_documents_by_institution_with_validity_badges(
    qtbot: QtBot, ui: KioskUi, desk: PaperDesk
) -> None:
    _file(desk, DocumentType.CNI, date_expiration="2024-12-31")
    _file(desk, DocumentType.JUSTIFICATIF_DOMICILE, date_document="2025-01-15")
    _file(desk, DocumentType.ATTESTATION_CAF, date_document="2025-05-02")
    _click(_home_tile(ui, 1))  # "Mes documents"
    _wait_listed(qtbot, ui, 3)
    documents = papers(ui).screens.documents

    texts = [button.text() for button in documents.document_buttons]
    assert texts[0].startswith("Carte d’identité\nPÉRIMÉ")
    assert texts[1] == "Attestation de la CAF\najouté le 02/06/2025"
    assert texts[2].startswith("Justificatif de domicile (facture, quittance de loyer)\nPLUS DE 3")
    headings = _texts(documents)
    assert headings.index("Mairie et identité") < headings.index("CAF") < headings.index("Logement")


def test_open_export_delete_from_my_documents(qtbot: QtBot, ui: KioskUi, desk: PaperDesk) -> None:
    _file(desk, DocumentType.RIB, iban=GOOD_IBAN)
    _click(_home_tile(ui, 1))
    _wait_listed(qtbot, ui, 1)
    flow = papers(ui)
    documents, viewer = flow.screens.documents, flow.screens.viewer

    _click(documents.document_buttons[0])
    assert "FR76 3000" in documents.detail_fields.text()
    _click(documents.open_button)
    assert _screen(ui) == "document_view"
    qtbot.waitUntil(lambda: viewer.page_count == 1, timeout=5000)
    assert not viewer.view.image.isNull()
    _click(viewer.back_button)
    assert _screen(ui) == "documents"

    _click(documents.export_button)
    qtbot.waitUntil(lambda: not documents.job.busy, timeout=10_000)
    (pdf,) = desk.usb.iterdir()
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF-")
    assert "enregistré sur la clé USB" in documents.notice.text()

    _click(documents.delete_button)
    assert "effacé pour toujours" in documents.confirm_text.text()
    _click(documents.keep_button)  # changed their mind
    assert desk.services.shelf.documents(desk.ticket) != []
    _click(documents.delete_button)
    _click(documents.confirm_delete_button)
    _wait_listed(qtbot, ui, 0)
    assert desk.services.shelf.documents(desk.ticket) == []
    assert documents.notice.text() == "Le document est supprimé."
    assert documents.empty.text() == "Vous n’avez pas encore de document."


def test_replace_with_a_newer_version(qtbot: QtBot, ui: KioskUi, desk: PaperDesk) -> None:
    _file(desk, DocumentType.JUSTIFICATIF_DOMICILE, date_document="2025-01-15")
    _click(_home_tile(ui, 1))
    _wait_listed(qtbot, ui, 1)
    flow = papers(ui)
    documents, review = flow.screens.documents, flow.screens.review
    _click(documents.document_buttons[0])
    _click(documents.replace_button)
    assert _screen(ui) == "capture"

    flow.screens.capture.page_read.emit(
        fake_reading("autre", {"date_document": FieldReading("2025-05-20", 0.9)})
    )
    assert review.title.text() == (
        "Nouvelle version\u00a0: Justificatif de domicile (facture, quittance de loyer)"
    )
    assert review.chosen_type is DocumentType.JUSTIFICATIF_DOMICILE
    assert not review.type_box.isEnabled()
    assert review.form.boxes["date_document"].text() == "20/05/2025"
    _click(review.confirm_button)
    _wait_listed(qtbot, ui, 1)

    (filed,) = desk.services.shelf.documents(desk.ticket)
    assert (filed.rev, filed.fields["date_document"].value) == (2, "2025-05-20")
    assert "PLUS DE 3 MOIS" not in documents.document_buttons[0].text()


def test_the_tiles_wait_for_a_station_with_documents(
    qtbot: QtBot, make_ui: Callable[..., KioskUi]
) -> None:
    ui = make_ui()
    home = ui.screens.homes[ScreenName.HOME_BENEFICIARY]
    assert ui.documents is None
    assert not home.tiles[0].isEnabled()
    assert home.tiles[0].note.text() == "Bientôt disponible"


def test_the_document_screens_speak_english(qtbot: QtBot, ui: KioskUi, desk: PaperDesk) -> None:
    flow = papers(ui)
    _click(_home_tile(ui, 0))
    flow.screens.capture.feed.stop()
    flow.screens.capture.page_read.emit(
        fake_reading(fields={"iban": FieldReading(BAD_IBAN, 0.9, False)})
    )
    ui.language.set_language("en")
    review = flow.screens.review
    assert review.confirm_button.text() == "That’s right"
    assert review.form.shown_mark("iban") == "check this"
    assert review.form.labels["iban"].text().startswith("IBAN")
    ui.language.set_language("fr")


def test_validity_badges_follow_the_clock(qtbot: QtBot, ui: KioskUi, desk: PaperDesk) -> None:
    _file(desk, DocumentType.AVIS_IMPOSITION, annee_revenus="2023")
    desk.clock[0] = dt.datetime(2025, 9, 2, tzinfo=dt.UTC)
    _click(_home_tile(ui, 1))
    _wait_listed(qtbot, ui, 1)
    assert "PAS LE DERNIER AVIS" in papers(ui).screens.documents.document_buttons[0].text()
