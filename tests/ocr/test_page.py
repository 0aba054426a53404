"""Page detection, orientation and the auto-shutter."""

from __future__ import annotations

import random

import numpy as np
import pytest

from docsynth.photo import photograph
from docsynth.render import render
from kiosk.ocr.image import decode_image, to_gray
from kiosk.ocr.page import AutoShutter, FrameAnalysis, PageQuad, analyse_frame, detect_page
from kiosk.ocr.rectify import flatten, orientation, rotate, warp_page


@pytest.fixture(scope="module")
def rib_photo() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sample = render("rib", random.Random("page-1"), dpi=150, invalid=False, variant="classic")
    photo = photograph(
        sample.image,
        sample.size_mm,
        random.Random("page-1:photo"),
        severity="mild",
        frame=(1224, 1632),
        rotation=0,
    )
    gray = to_gray(decode_image(photo.jpeg))
    return gray, np.asarray(photo.corners, dtype=np.float32), np.asarray(sample.image.convert("L"))


def test_page_found_within_a_few_pixels(rib_photo: tuple[np.ndarray, ...]) -> None:
    gray, corners, _ = rib_photo
    page = detect_page(gray)
    assert page is not None
    assert float(np.linalg.norm(page.corners - corners, axis=1).max()) < 15


def test_no_page_in_a_plain_frame() -> None:
    noise = np.random.default_rng(3).integers(40, 70, (900, 1200), dtype=np.uint8)
    assert detect_page(noise) is None


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_orientation(rib_photo: tuple[np.ndarray, ...], turn: int) -> None:
    _, _, clean = rib_photo
    turned = rotate(np.ascontiguousarray(clean), (360 - turn) % 360)  # text turned clockwise
    assert orientation(turned).degrees == turn


def test_warp_gives_an_upright_page(rib_photo: tuple[np.ndarray, ...]) -> None:
    gray, _, _ = rib_photo
    page = detect_page(gray)
    assert page is not None
    straight = flatten(warp_page(gray, page.corners))
    assert straight.shape[0] > straight.shape[1]  # A4 portrait
    assert orientation(straight).degrees == 0


def _analysis(offset: float, sharp: float = 100.0) -> FrameAnalysis:
    corners = np.array([[100, 100], [900, 100], [900, 1200], [100, 1200]], np.float32) + offset
    return FrameAnalysis(PageQuad(corners, 0.5, "edges"), sharp, 1224, 1632)


def test_auto_shutter_fires_once_when_still_and_sharp() -> None:
    shutter = AutoShutter(stable_frames=5)
    fired = [shutter.update(_analysis(0.5 * (i % 2))) for i in range(12)]
    assert fired.count(True) == 1 and fired.index(True) == 4


def test_auto_shutter_waits_while_moving_and_re_arms() -> None:
    shutter = AutoShutter(stable_frames=4)
    assert not any(shutter.update(_analysis(40.0 * i)) for i in range(8))  # hand moving
    assert any(shutter.update(_analysis(400.0)) for _ in range(4))
    assert not shutter.update(FrameAnalysis(None, 0.0, 1224, 1632))  # page gone: re-armed
    assert any(shutter.update(_analysis(0.0)) for _ in range(4))


def test_auto_shutter_skips_a_soft_frame() -> None:
    shutter = AutoShutter(stable_frames=3)
    assert not shutter.update(_analysis(0, 200.0))
    assert not shutter.update(_analysis(0, 200.0))
    assert not shutter.update(_analysis(0, 50.0))  # motion blur on the third
    assert shutter.update(_analysis(0, 199.0))


def test_analyse_frame_is_quick(rib_photo: tuple[np.ndarray, ...]) -> None:
    gray, _, _ = rib_photo
    analysis = analyse_frame(gray)
    assert analysis.page is not None and analysis.sharpness > 0
