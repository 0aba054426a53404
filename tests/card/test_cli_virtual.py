"""``kiosk card virtual --insert/--remove`` drives a background card through the real pcscd."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.auth.card_workshop import until
from kiosk.cli import main
from kiosk.hardware.pcsc import card_present
from kiosk.hardware.pcscd_service import PcscdService


def test_insert_then_remove_the_virtual_card(
    pcscd: PcscdService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    reader = pcscd.readers[1]
    until(lambda: not card_present(reader), what="an empty second reader")
    assert main(["card", "virtual", "--insert", "--slot", "1"]) == 0
    try:
        until(lambda: card_present(reader), what="the virtual card in the second reader")
        assert "insérée" in capsys.readouterr().out
        state = tmp_path / "data" / "virtual-cards" / "carte.json"
        assert state.stat().st_mode & 0o777 == 0o600
    finally:
        assert main(["card", "virtual", "--remove", "--slot", "1"]) == 0
    until(lambda: not card_present(reader), what="the card gone")
    assert "retirée" in capsys.readouterr().out
    assert main(["card", "virtual", "--remove", "--slot", "1"]) == 0
    assert "Aucune carte" in capsys.readouterr().out
