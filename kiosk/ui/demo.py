"""The demo: walks through the screens and saves a screenshot of each, unattended.

Run ``python -m kiosk.ui.demo DIR`` (``scripts/demo.sh`` does it, under Xvfb when there
is no display). Each step is a name and an action; after the action the window is grabbed
into ``DIR/NN-name.png``. Later issues add their screens by appending steps to
:func:`demo_steps`.

The card steps play the statuses a card session manager would report, through the real
:class:`~kiosk.ui.card_bridge.CardBridge` (:func:`_play`); the PIN is typed on the real
pad (:func:`_type`). Driving them from the virtual card instead means replacing those two
helpers' uses with "insert the card" and "type on the pad".
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.auth.identity import Holder, HolderRole
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.hardware.card import PinBlocked, WrongPin
from kiosk.ui.app import KioskUi, build_app
from kiosk.ui.card_bridge import CardBridge
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


#: The demo's reader, and two made-up holders (a beneficiary's card names nobody).
READER = "Lecteur de démonstration"
BENEFICIARY = Holder("demo-usager", HolderRole.BENEFICIARY, "0000 0001", bytes(16))
AGENT = Holder(
    "demo-agent", HolderRole.AGENT, "0000 0002", bytes(16), "Camille Martin", "cms-demo"
)


class DemoCardStack:
    """Stands in for the card session manager: the steps play its statuses themselves."""

    def submit_pin(self, pin: str) -> None:
        """Ignores the PIN: the next step says what the card answered."""

    def logout(self, reason: str) -> None:
        """Ignores the request: the next step says how the session ended."""


def _suffix(language: str) -> str:
    return "" if language == SOURCE_LANGUAGE else f"-{language}"


def _toggle_language(ui: KioskUi) -> None:
    ui.window.welcome.language_button.click()


def _play(*statuses: CardStatus) -> Callable[[KioskUi], None]:
    """Returns an action that reports statuses as the card session manager would."""

    def play(ui: KioskUi) -> None:
        if ui.card is None:
            raise RuntimeError("the demo needs a card bridge")
        for status in statuses:
            ui.card.listener(status)
        QCoreApplication.processEvents()  # the bridge delivers them queued

    return play


def _type(digits: str) -> Callable[[KioskUi], None]:
    """Returns an action that presses digit keys on the PIN pad."""

    def type_digits(ui: KioskUi) -> None:
        for digit in digits:
            ui.screens.pin_pad.digit_keys[digit].click()

    return type_digits


def _next_person(ui: KioskUi) -> None:
    ui.window.return_to_welcome()  # back to the station's language


def _then(*actions: Callable[[KioskUi], None]) -> Callable[[KioskUi], None]:
    def run(ui: KioskUi) -> None:
        for action in actions:
            action(ui)

    return run


def demo_steps(language: str) -> list[DemoStep]:
    """Returns the walk through the screens, for a station set to ``language``.

    Args:
        language: the station's language, which every screenshot but the second uses.
    """
    other = next(code for code in SUPPORTED_LANGUAGES if code != language)
    new_card = (CardStatus(CardPhase.NO_CARD, READER), CardStatus(CardPhase.READING, READER))
    pin = CardStatus(CardPhase.PIN, READER, 3, BENEFICIARY)
    wrong = CardStatus(CardPhase.PIN, READER, 2, BENEFICIARY, WrongPin(2))
    blocked = CardStatus(CardPhase.REFUSED, READER, error=PinBlocked())
    x = _suffix(language)
    return [
        DemoStep(f"accueil{x}", lambda ui: ui.window.return_to_welcome()),
        DemoStep(f"accueil-{other}", _toggle_language),
        DemoStep(f"lecture{x}", _then(_next_person, _play(*new_card))),
        DemoStep(f"code{x}", _then(_play(pin), _type("258046"))),
        DemoStep(f"code-faux{x}", _play(wrong)),
        DemoStep(
            f"accueil-usager{x}", _play(CardStatus(CardPhase.OPEN, READER, holder=BENEFICIARY))
        ),
        DemoStep(
            f"accueil-agent{x}",
            _play(*new_card, CardStatus(CardPhase.OPEN, READER, holder=AGENT)),
        ),
        DemoStep(f"carte-bloquee{x}", _play(*new_card, blocked)),
        DemoStep(
            f"au-revoir{x}",
            _play(
                *new_card,
                CardStatus(CardPhase.OPEN, READER, holder=BENEFICIARY),
                CardStatus(CardPhase.ENDED, READER, reason="logout"),
            ),
        ),
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
    ui = build_app(language, kiosk_mode=False, card=CardBridge(DemoCardStack()))
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
