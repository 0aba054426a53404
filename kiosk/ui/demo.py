"""The demo: walks through the screens and saves a screenshot of each, unattended.

Run ``python -m kiosk.ui.demo DIR`` (``scripts/demo.sh`` does it, under Xvfb when there
is no display). Each step is a name and an action; after the action the window is grabbed
into ``DIR/NN-name.png``. Later issues add their screens by appending steps to
:func:`demo_steps`.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.ui.app import KioskUi, build_app
from kiosk.ui.i18n import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES

log = logging.getLogger("kiosk.ui")

#: The demo window's size: a common 10-inch kiosk tablet, in landscape.
DEMO_WIDTH, DEMO_HEIGHT = 1280, 800


@dataclass(frozen=True)
class DemoStep:
    """One screenshot of the demo.

    Attributes:
        name: the file name without number and extension (``accueil``).
        action: brings the interface to the state to photograph.
    """

    name: str
    action: Callable[[KioskUi], None]


def _suffix(language: str) -> str:
    return "" if language == SOURCE_LANGUAGE else f"-{language}"


def _toggle_language(ui: KioskUi) -> None:
    ui.window.welcome.language_button.click()


def demo_steps(language: str) -> list[DemoStep]:
    """Returns the walk through the screens, for a station set to ``language``.

    Args:
        language: the station's language, which the first screenshots use.
    """
    other = next(code for code in SUPPORTED_LANGUAGES if code != language)
    return [
        DemoStep(f"accueil{_suffix(language)}", lambda ui: ui.window.return_to_welcome()),
        DemoStep(f"accueil-{other}", _toggle_language),
    ]


def run_demo(screenshot_dir: Path, language: str = SOURCE_LANGUAGE) -> int:
    """Starts the interface in a 1280 x 800 window and saves one PNG per demo step.

    Args:
        screenshot_dir: where the PNG files go; created if missing.
        language: the station's language.

    Returns:
        0 when every screenshot was saved.

    Raises:
        OSError: a screenshot could not be written.
    """
    screenshot_dir.mkdir(parents=True, exist_ok=True)
    ui = build_app(language, kiosk_mode=False)
    log.info("demo on the Qt platform %s", ui.app.platformName())
    try:
        ui.window.setFixedSize(DEMO_WIDTH, DEMO_HEIGHT)
        ui.window.show_for_mode()
        for number, step in enumerate(demo_steps(language), start=1):
            step.action(ui)
            QApplication.processEvents()
            path = screenshot_dir / f"{number:02d}-{step.name}.png"
            if not ui.window.grab().save(str(path), "PNG"):
                raise OSError(f"could not write the screenshot {path}")
            print(path)
    finally:
        ui.shutdown()
        QApplication.processEvents()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``python -m kiosk.ui.demo [--language fr|en] DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.ui.demo",
        description="Walk through the kiosk's screens and save one PNG screenshot each.",
    )
    parser.add_argument("screenshot_dir", type=Path, help="folder for the PNG files")
    parser.add_argument(
        "--language", choices=SUPPORTED_LANGUAGES, default=SOURCE_LANGUAGE,
        help="the station's language (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return run_demo(args.screenshot_dir, args.language)


if __name__ == "__main__":
    raise SystemExit(main())
