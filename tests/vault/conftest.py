"""A real vault on disk (SQLite + blob files) with software P-256 recipients."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import IndexKey, Vault

PROFILE = {
    "nom": "Lefèvre-Ngoma",
    "prenoms": "Zoé Marie",
    "date_naissance": "1987-03-14",
    "adresse": "12 rue des Capucines, 69003 Lyon",
}


@dataclass
class World:
    """A station's vault with an escrow, a beneficiary's card and an agent's card."""

    data_dir: Path
    vault: Vault
    escrow: SoftwareKeyAgreement
    card: SoftwareKeyAgreement
    agent: SoftwareKeyAgreement
    index: IndexKey

    def new_beneficiary(self, card: SoftwareKeyAgreement | None = None) -> str:
        return self.vault.create_beneficiary(
            PROFILE,
            family_name=str(PROFILE["nom"]),
            given_names=str(PROFILE["prenoms"]),
            card_number="000YSZ",
            card_key=(card or self.card).public_key(),
            index=self.index,
            actor="technicien-1",
        )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    escrow = SoftwareKeyAgreement.generate()
    data_dir = tmp_path / "data"
    vault = open_vault(data_dir, "station-test", escrow.public_key(), frame_size=4096)
    vault.ensure_index_key("technicien-1")
    index = vault.unlock_index(escrow)
    yield World(
        data_dir,
        vault,
        escrow,
        SoftwareKeyAgreement.generate(),
        SoftwareKeyAgreement.generate(),
        index,
    )
    vault.db.close()
