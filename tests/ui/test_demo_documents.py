"""The demo's document steps, walked in-process: a stand-in card stack, the real screens.

The demo itself runs on pcscd with virtual cards (tests/ui/test_demo.py); here the card
panel's slots and the session manager are stand-ins that send the statuses a beneficiary's
card would, and hold the beneficiary's vault session as the real stack does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.auth.session import CardPhase
from kiosk.ui.app import KioskUi
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.demo import (
    DEMO_HEIGHT,
    DEMO_WIDTH,
    RIB_PHOTO,
    SEED_PHOTOS,
    DemoCamera,
    DemoRun,
    document_steps,
)
from kiosk.ui.widgets.demo_panel import DemoCard, DemoPanel

from .cards import BENEFICIARY, status
from .papers import PaperDesk, make_desk

# Set KIOSK_TEST_SHOTS to a folder to keep the screenshots and look at them.
SAVE_TO = Path(os.environ["KIOSK_TEST_SHOTS"]) if os.environ.get("KIOSK_TEST_SHOTS") else None


class StandInStack:
    """The card slot and the session manager of a beneficiary's card, in this process."""

    def __init__(self, desk: PaperDesk) -> None:
        self.desk = desk
        self.bridge: CardBridge | None = None
        self.held: list[object] = []

    def insert(self) -> None:
        assert self.bridge is not None
        self.bridge.listener(status(CardPhase.READING))
        self.bridge.listener(status(CardPhase.PIN, 3, BENEFICIARY))

    def remove(self) -> None:
        assert self.bridge is not None
        self._close()
        self.bridge.listener(status(CardPhase.NO_CARD))

    def submit_pin(self, pin: str) -> None:
        assert self.bridge is not None
        self.bridge.listener(status(CardPhase.CHECKING, holder=BENEFICIARY))
        desk = self.desk
        session = desk.vault.open_session(desk.beneficiary_id, desk.card, desk.beneficiary_id)
        self.held.append(desk.open_vault.hold(session))
        self.bridge.listener(status(CardPhase.OPEN, holder=BENEFICIARY))

    def logout(self, reason: str) -> None:
        self._close()

    def _close(self) -> None:
        for handle in self.held:
            handle.close()  # type: ignore[attr-defined]
        self.held.clear()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[PaperDesk]:
    built = make_desk(tmp_path, SEED_PHOTOS / RIB_PHOTO, logged_in=False)
    yield built
    built.services.close()
    built.vault.db.close()


def test_the_document_steps_of_the_demo(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], desk: PaperDesk, tmp_path: Path
) -> None:
    stack = StandInStack(desk)
    camera = DemoCamera(SEED_PHOTOS / RIB_PHOTO)
    desk.services.camera = camera.open
    bridge = CardBridge(stack, idle_timeout_s=600)
    stack.bridge = bridge
    ui = make_ui(card=bridge, documents=desk.services)
    panel = DemoPanel(
        ui.theme,
        [DemoCard(lambda: QCoreApplication.translate("demo", "Carte d’usager"), "123456", stack)],
    )
    qtbot.addWidget(panel)
    ui.window.setFixedSize(DEMO_WIDTH, DEMO_HEIGHT)
    ui.window.show()
    qtbot.waitExposed(ui.window)
    demo = DemoRun(ui, panel, timeout_s=40, camera=camera)
    shots = tmp_path / "shots"
    shots.mkdir()
    try:
        for number, step in enumerate(document_steps("fr"), start=1):
            demo.snapshot = None
            step.action(demo)
            shot = demo.snapshot or ui.window.grab()
            assert shot.save(str(shots / f"{number:02d}-{step.name}.png"), "PNG")
            if SAVE_TO is not None:
                shot.save(str(SAVE_TO / f"{number:02d}-{step.name}.png"), "PNG")
        ticket = desk.open_vault.ticket()
        assert ticket is not None
        filed = desk.services.shelf.documents(ticket)
        assert sorted(d.type.value for d in filed) == ["avis_imposition", "rib"]
    finally:
        panel.wait_until_idle()
        assert ui.documents is not None
        ui.documents.screens.capture.feed.wait_stopped()
        stack.remove()
        bridge.deleteLater()

    names = sorted(p.name for p in shots.iterdir())
    assert names == [
        "01-document-camera.png",
        "02-document-verification.png",
        "03-mes-documents.png",
        "04-document-avis.png",
        "05-mes-documents-2.png",
        "06-document-details.png",
        "07-document-pages.png",
    ]
    images = [QImage(str(shots / name)) for name in names]
    assert all((i.width(), i.height()) == (DEMO_WIDTH, DEMO_HEIGHT) for i in images)
    assert len({i.bits().tobytes() for i in images}) == len(images)
    assert desk.open_vault.ticket() is None  # the card is out: the vault is closed
