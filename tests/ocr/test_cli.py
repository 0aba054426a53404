"""``kiosk ocr IMAGE... --json``: one JSON object per line, error objects, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main

from .conftest import SEED


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_json_shape_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    junk = tmp_path / "notes.jpg"
    junk.write_bytes(b"not an image" * 50)
    good = SEED / "0003_rib_classic.png"
    status = main(["ocr", str(junk), str(good), str(tmp_path / "missing.png"), "--json"])
    assert status == 0
    first, second, third = _lines(capsys)
    assert first == {"file": str(junk), "error": "not_an_image"}
    assert third == {"file": str(tmp_path / "missing.png"), "error": "file_not_found"}
    assert set(second) == {"file", "type", "type_confidence", "fields", "page", "timings_ms"}
    assert second["type"] == "rib"
    assert isinstance(second["type_confidence"], float)
    fields = second["fields"]
    assert isinstance(fields, dict)
    for field in fields.values():
        assert set(field) == {"value", "confidence", "valid"}
    assert fields["iban"]["valid"] is True
    page = second["page"]
    assert isinstance(page, dict) and isinstance(page["detected"], bool)
    timings = second["timings_ms"]
    assert isinstance(timings, dict) and all(isinstance(v, int) for v in timings.values())
    assert "total" in timings


def test_exit_status_non_zero_only_if_nothing_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    junk = tmp_path / "a.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert main(["ocr", str(junk), str(tmp_path / "none.jpg"), "--json"]) == 1
    assert [line["error"] for line in _lines(capsys)] == ["not_an_image", "file_not_found"]


def test_human_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    assert main(["ocr", str(SEED / "bad04_empty_page_photo.jpg")]) == 0
    out = capsys.readouterr().out
    assert "autre" in out and "empty_page" in out
