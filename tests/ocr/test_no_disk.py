"""Nothing of the image or of its text touches the disk: no temporary file, nothing in the cwd."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kiosk.ocr.pipeline import read_document

from .conftest import seed_bytes


def test_reading_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "tmp"
    cwd = tmp_path / "cwd"
    temp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("TMP", str(temp))
    monkeypatch.setenv("TEMP", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # recomputed from TMPDIR
    monkeypatch.chdir(cwd)
    assert tempfile.gettempdir() == str(temp)
    reading = read_document(seed_bytes("0003_rib_classic.png"))
    assert reading.fields  # it did read something
    assert list(temp.iterdir()) == []
    assert list(cwd.iterdir()) == []
