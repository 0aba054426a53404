"""A real vault on disk with a beneficiary whose session is held as at card login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from kiosk.documents.access import OpenVault, Ticket
from kiosk.documents.filing import DocumentShelf
from kiosk.station import vault_opener
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import Vault

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class Desk:
    """The station's vault, one beneficiary logged in, and their shelf."""

    data_dir: Path
    vault: Vault
    card: SoftwareKeyAgreement
    beneficiary_id: str
    open_vault: OpenVault
    shelf: DocumentShelf
    clock: list[dt.datetime]

    @property
    def ticket(self) -> Ticket:
        ticket = self.open_vault.ticket()
        assert ticket is not None
        return ticket


def page(seed: int = 0, shape: tuple[int, int] = (700, 500)) -> np.ndarray:
    """A grey page with some 'text' (dark bars) on white."""
    rng = np.random.default_rng(seed)
    image = np.full(shape, 245, dtype=np.uint8)
    for row in range(40, shape[0] - 40, 30):
        length = int(rng.integers(100, shape[1] - 80))
        image[row : row + 8, 40 : 40 + length] = 30
    return image


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    escrow, card = SoftwareKeyAgreement.generate(), SoftwareKeyAgreement.generate()
    data_dir = tmp_path / "data"
    clock = [NOW]
    vault = open_vault(data_dir, "station-test", escrow.public_key(), frame_size=4096)
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
    slot = OpenVault()
    held = slot.hold(vault.open_session(ben, card, ben))
    shelf = DocumentShelf(slot, lambda: clock[0])
    yield Desk(data_dir, vault, card, ben, slot, shelf, clock)
    held.close()
    vault.db.close()


__all__ = ["NOW", "Desk", "page", "vault_opener"]
