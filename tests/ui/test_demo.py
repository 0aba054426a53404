"""The demo writes one full-size screenshot per step, without anybody at the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.ui.demo import DEMO_HEIGHT, DEMO_WIDTH, PANEL_SHOT, demo_steps
from kiosk.ui.demo_station import SHEET_NAME

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _check_screenshots(directory: Path, names: list[str]) -> list[QImage]:
    assert sorted(p.name for p in directory.iterdir()) == sorted([*names, PANEL_SHOT, SHEET_NAME])
    assert (directory / SHEET_NAME).read_bytes().startswith(b"%PDF")
    assert not QImage(str(directory / PANEL_SHOT)).isNull()
    images = []
    for name in names:
        image = QImage(str(directory / name))
        assert not image.isNull(), name
        assert (image.width(), image.height()) == (DEMO_WIDTH, DEMO_HEIGHT)
        # Not a blank frame: the page has dark text on the light background.
        assert image.pixelColor(5, 5).lightness() > 240
        assert any(
            image.pixelColor(x, y).lightness() < 30
            for x in range(0, DEMO_WIDTH, 4)
            for y in range(150, 250, 4)
        ), f"{name}: no title drawn"
        images.append(image)
    return images


CARD_STEPS = [
    "lecture", "code", "code-faux", "accueil-usager", "carte-retiree", "code-agent",
    "accueil-agent", "a-traiter", "a-traiter-vu", "au-revoir", "carte-bloquee",
    "borne-sans-autorite",
    "document-camera", "document-verification", "mes-documents", "document-avis",
    "mes-documents-2", "document-details", "document-pages",
]
FILES = [
    f"{number:02d}-{name}.png"
    for number, name in enumerate(["accueil", "accueil-en", *CARD_STEPS], start=1)
]


def test_steps_are_named_after_what_they_show() -> None:
    assert [step.name for step in demo_steps("fr")] == ["accueil", "accueil-en", *CARD_STEPS]
    assert [step.name for step in demo_steps("en")] == [
        "accueil-en", "accueil-fr", *(f"{name}-en" for name in CARD_STEPS)
    ]


def test_demo_saves_one_screenshot_per_screen(tmp_path: Path) -> None:
    out = tmp_path / "shots" / "nested"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = _run([sys.executable, "-m", "kiosk.ui.demo", str(out)], env)
    assert result.returncode == 0, result.stderr
    images = dict(zip(FILES, _check_screenshots(out, FILES), strict=True))
    assert images["01-accueil.png"] != images["02-accueil-en.png"]  # the toggle changed texts
    # Once the card is out, nothing of the person is left: the very first welcome screen.
    assert images["07-carte-retiree.png"] == images["01-accueil.png"]
    # Every other step changed what is on the screen.
    assert len({image.bits().tobytes() for image in images.values()}) == len(FILES) - 1
    assert str(out / "14-borne-sans-autorite.png") in result.stdout
    assert "demo on the Qt platform offscreen" in result.stderr
    assert "card stack started" in result.stderr
    assert "sync: platform unreachable" in result.stderr  # the real worker, and no network
    removal_ms = int(result.stdout.split("welcome screen in at most ")[1].split(" ms")[0])
    assert removal_ms < 1000


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="Debian package xvfb missing")
def test_demo_script_runs_under_xvfb_without_a_display(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env["QT_QPA_PLATFORM"] = "offscreen"  # what the Makefile exports; the script overrides it
    out = tmp_path / "shots"
    result = _run(["scripts/demo.sh", str(out)], env)
    assert result.returncode == 0, result.stderr
    _check_screenshots(out, FILES)
    assert f"screenshots are in {out}" in result.stdout
    assert "demo on the Qt platform xcb" in result.stderr
