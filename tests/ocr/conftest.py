"""Shared pieces of the OCR tests: the committed docsynth seed set and small renderings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from cryptography import x509

from kiosk.ocr.twoddoc import MemoryCertificateStore

SEED = Path(__file__).resolve().parents[1] / "data" / "ocr" / "seed"


def seed_truth(name: str) -> dict[str, Any]:
    """The truth.jsonl entry of a seed file."""
    for line in (SEED / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        entry: dict[str, Any] = json.loads(line)
        if entry["file"] == name:
            return entry
    raise KeyError(name)


def seed_bytes(name: str) -> bytes:
    """The bytes of a seed image."""
    return (SEED / name).read_bytes()


@pytest.fixture(scope="session")
def test_store() -> MemoryCertificateStore:
    """The docsynth test certificate, trusted for (FR00, DSY1) in tests only."""
    pem = (SEED / "2ddoc-test-certificate.pem").read_bytes()
    return MemoryCertificateStore({("FR00", "DSY1"): x509.load_pem_x509_certificate(pem)})


def jpeg(image: npt.NDArray[np.uint8], quality: int = 90) -> bytes:
    """JPEG bytes of an array."""
    ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buffer.tobytes()


def png(image: npt.NDArray[np.uint8]) -> bytes:
    """PNG bytes of an array."""
    ok, buffer = cv2.imencode(".png", image)
    assert ok
    return buffer.tobytes()
