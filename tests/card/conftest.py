"""Card tests: a card authority, and a workshop issuing virtual cards through pcscd."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.auth.authority import CardAuthority
from kiosk.auth.card_workshop import NOW, CardMaker
from kiosk.hardware.pcscd_service import PcscdService


@pytest.fixture(scope="session")
def authority() -> CardAuthority:
    return CardAuthority.create("Autorité des cartes de test", NOW)


@pytest.fixture
def cards(pcscd: PcscdService, authority: CardAuthority, tmp_path: Path) -> Iterator[CardMaker]:
    maker = CardMaker(pcscd, authority, tmp_path)
    yield maker
    maker.remove_all()
