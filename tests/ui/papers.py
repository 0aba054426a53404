"""A station's document services for the UI tests: a real vault, a file camera, real OCR."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk.documents.access import OpenVault, Ticket
from kiosk.documents.export import MediumExport
from kiosk.documents.filing import DocumentShelf
from kiosk.domain.documents import DocumentType
from kiosk.hardware.camera import Camera, FileCamera
from kiosk.ocr.fields import FieldReading
from kiosk.ocr.pipeline import DocumentReading, PageInfo
from kiosk.ocr.worker import OcrWorker
from kiosk.ui.document_jobs import DocumentServices
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import Vault

SEED = Path(__file__).resolve().parents[1] / "data" / "ocr" / "seed"
NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class PaperDesk:
    """The vault of one logged-in beneficiary and the services the screens use.

    Attributes:
        camera_path: what the file camera plays (change it before the camera starts).
    """

    data_dir: Path
    usb: Path
    vault: Vault
    card: SoftwareKeyAgreement
    beneficiary_id: str
    open_vault: OpenVault
    services: DocumentServices
    camera_path: Path
    clock: list[dt.datetime]

    @property
    def ticket(self) -> Ticket:
        ticket = self.open_vault.ticket()
        assert ticket is not None
        return ticket

    def camera(self) -> Camera:
        return FileCamera(self.camera_path, repeat=10_000)


def make_desk(tmp_path: Path, camera_path: Path, *, logged_in: bool = True) -> PaperDesk:
    """A vault with one beneficiary; with ``logged_in``, their session is held already."""
    escrow, card = SoftwareKeyAgreement.generate(), SoftwareKeyAgreement.generate()
    data_dir = tmp_path / "data"
    usb = tmp_path / "usb"
    usb.mkdir()
    vault = open_vault(data_dir, "station-test", escrow.public_key(), frame_size=1 << 16)
    vault.ensure_index_key("technicien")
    index = vault.unlock_index(escrow)
    ben = vault.create_beneficiary(
        {"nom": "Test"},
        family_name="Test",
        given_names="Alex",
        card_number="000YSZ",
        card_key=card.public_key(),
        index=index,
        actor="technicien",
    )
    index.wipe()
    held = OpenVault()
    if logged_in:
        held.hold(vault.open_session(ben, card, ben))
    clock = [NOW]
    desk_ref: list[PaperDesk] = []
    opener: Callable[[], Camera] = lambda: desk_ref[0].camera()  # noqa: E731
    services = DocumentServices(
        held,
        DocumentShelf(held, lambda: clock[0]),
        OcrWorker(),
        opener,
        MediumExport(usb, (data_dir,)),
    )
    desk = PaperDesk(data_dir, usb, vault, card, ben, held, services, camera_path, clock)
    desk_ref.append(desk)
    return desk


def fake_reading(
    doc_type: str = "rib",
    fields: dict[str, FieldReading] | None = None,
    problems: list[str] | None = None,
    confidence: float = 0.95,
) -> DocumentReading:
    """A reading as the pipeline gives it, without running it (a plain grey page)."""
    page = np.full((700, 500), 240, dtype=np.uint8)
    page[100:110, 50:450] = 20
    return DocumentReading(
        DocumentType(doc_type),
        confidence,
        fields if fields is not None else {},
        PageInfo(True, [[0, 0], [499, 0], [499, 699], [0, 699]]),
        {"total": 1},
        page,
        problems or [],
    )
