"""Card login through the whole kiosk, for real: pcscd, virtual cards, the PIN pad.

The cards are issued over APDUs through the real pcscd (``ensure_pcscd``: the machine's, or
one started for the run; a missing pcscd fails these tests, never skips them). The kiosk
runs on the real card stack, built by ``station_card_stack`` as ``kiosk run`` builds it.
The PIN is typed on the kiosk's own pad, with the mouse. Pulling the card out must bring
back, in under a second, a welcome screen with nothing of the person left.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk.auth.authority import CardAuthority, save_trust
from kiosk.auth.card_workshop import PIN, CardMaker, IssuedVirtualCard
from kiosk.auth.identity import HolderRole
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.config import ensure_private_dir
from kiosk.domain.audit import AuditOp
from kiosk.hardware.card import WrongPin
from kiosk.hardware.pcscd_service import PcscdService
from kiosk.hardware.virtual_card import VpcdCardLink
from kiosk.station import TRUST_DIR, utc_now
from kiosk.ui.app import KioskUi
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.card_service import CardService, station_card_stack
from kiosk.ui.demo_station import WRONG_PIN, enrol, issue_at_desk
from kiosk.ui.flow import ScreenName
from kiosk.vault.factory import open_vault
from kiosk.vault.models import AuditRow
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import Vault

STATION = "station-test-ui"
AGENT_NAME = "Camille Martin"
#: Pulling the card out must clear the screen within this time.
REMOVAL_LIMIT_S = 1.0
#: The longest the kiosk may take to show the next screen of a login.
STEP_MS = 10_000


@dataclass
class Station:
    """A kiosk on the real card stack, with a beneficiary's and an agent's card issued."""

    ui: KioskUi
    service: CardService
    maker: CardMaker
    vault: Vault
    cards: dict[HolderRole, IssuedVirtualCard]

    @property
    def status(self) -> CardStatus:
        assert self.ui.card is not None
        return self.ui.card.status

    def screen(self) -> str:
        return self.ui.window.current_screen().screen_id

    def link(self, role: HolderRole) -> VpcdCardLink:
        return self.maker.link(self.cards[role].state)


@pytest.fixture
def station(
    pcscd: PcscdService,
    tmp_path: Path,
    qtbot: QtBot,
    make_ui: Callable[..., KioskUi],
) -> Iterator[Station]:
    now = utc_now()
    data_dir = ensure_private_dir(tmp_path / "data")
    authority = CardAuthority.create("Autorité des cartes de test", now)
    save_trust(data_dir / TRUST_DIR, authority, now)
    escrow = SoftwareKeyAgreement.generate()
    vault = open_vault(data_dir, STATION, escrow.public_key())
    maker = CardMaker(pcscd, authority, ensure_private_dir(tmp_path / "cards"), now=now)
    bridge = CardBridge(idle_timeout_s=60)
    service = CardService(station_card_stack(data_dir, STATION, vault), bridge)
    try:
        beneficiary = issue_at_desk(maker)
        enrol(vault, escrow, beneficiary)
        agent = issue_at_desk(
            maker, HolderRole.AGENT, display_name=AGENT_NAME, structure_id="cms-test"
        )
        ui = make_ui(card=bridge)
        service.start()
        assert service.problem is None, service.problem
        ui.window.resize(1280, 800)
        ui.window.show()
        qtbot.waitExposed(ui.window)
        cards = {HolderRole.BENEFICIARY: beneficiary, HolderRole.AGENT: agent}
        yield Station(ui, service, maker, vault, cards)
    finally:
        bridge.close()
        service.stop()
        maker.remove_all()
        vault.db.close()


def _click(button: QAbstractButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _type_on_the_pad(station: Station, pin: str) -> None:
    pad = station.ui.screens.pin_pad
    for digit in pin:
        _click(pad.digit_keys[digit])
    assert pad.digit_count == len(pin)
    _click(pad.validate_key)


def _wait_for_pin_pad(qtbot: QtBot, station: Station, role: HolderRole) -> CardStatus:
    def ready() -> bool:
        holder = station.status.holder
        return (
            station.screen() == ScreenName.PIN_PAD
            and station.status.phase is CardPhase.PIN
            and holder is not None
            and holder.role is role
            and not station.ui.screens.pin_pad.busy
        )

    qtbot.waitUntil(ready, timeout=STEP_MS)
    return station.status


def _everything_shown(window: QWidget) -> str:
    texts = [window.windowTitle()]
    for label in window.findChildren(QLabel):
        texts += [label.text(), label.accessibleName(), label.accessibleDescription()]
    for button in window.findChildren(QAbstractButton):
        texts += [button.text(), button.accessibleName(), button.accessibleDescription()]
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (HolderRole.BENEFICIARY, ScreenName.HOME_BENEFICIARY),
        (HolderRole.AGENT, ScreenName.HOME_AGENT),
    ],
)
def test_a_card_opens_its_home_and_pulling_it_out_clears_the_kiosk(
    qtbot: QtBot, station: Station, role: HolderRole, home: ScreenName
) -> None:
    ui = station.ui
    card = station.cards[role]
    holder = card.issued.holder
    link = station.link(role)
    station.maker.insert(link)

    status = _wait_for_pin_pad(qtbot, station, role)
    assert status.tries_left == 3
    assert status.holder == holder
    if role is HolderRole.AGENT:
        assert ui.screens.pin_pad.greeting.text() == f"Bonjour {AGENT_NAME}"

    _type_on_the_pad(station, PIN)
    qtbot.waitUntil(
        lambda: station.screen() == home and station.status.phase is CardPhase.OPEN,
        timeout=STEP_MS,
    )
    assert ui.screens.pin_pad.digit_count == 0
    shown = _everything_shown(ui.window)
    if role is HolderRole.AGENT:
        assert f"Bonjour {AGENT_NAME}" in shown
    else:  # the beneficiary's vault opened with the card's key (ECDH on the card)
        with station.vault.db.transaction() as session:
            unwrapped = [
                row.object
                for row in session.execute(select(AuditRow)).scalars()
                if row.op == AuditOp.KEY_UNWRAP.value
            ]
        assert unwrapped == [f"beneficiary:{holder.holder_id}"]
    assert ui.card is not None and ui.card.idle_timer.isActive()

    welcome_at: list[float] = []
    ui.window.returnedToWelcome.connect(lambda: welcome_at.append(time.monotonic()))
    pulled_at = time.monotonic()
    link.remove()
    qtbot.waitUntil(lambda: bool(welcome_at), timeout=5000)
    assert welcome_at[0] - pulled_at < REMOVAL_LIMIT_S

    qtbot.waitUntil(lambda: station.status.phase is CardPhase.NO_CARD, timeout=STEP_MS)
    assert ui.window.current_screen() is ui.window.welcome
    assert ui.language.language == "fr"
    assert not ui.card.idle_timer.isActive()
    assert ui.screens.pin_pad.digit_count == 0
    assert ui.screens.message.notice is None
    for screen in ui.screens.homes.values():
        assert screen.greeting.text() == ""
    shown = _everything_shown(ui.window)
    for personal in (AGENT_NAME, holder.card_number, holder.holder_id, holder.guid.hex()):
        assert personal not in shown


def test_a_wrong_pin_on_the_pad_costs_one_try(qtbot: QtBot, station: Station) -> None:
    link = station.link(HolderRole.BENEFICIARY)
    station.maker.insert(link)
    _wait_for_pin_pad(qtbot, station, HolderRole.BENEFICIARY)

    _type_on_the_pad(station, WRONG_PIN)
    qtbot.waitUntil(
        lambda: isinstance(station.status.error, WrongPin)
        and not station.ui.screens.pin_pad.busy,
        timeout=STEP_MS,
    )
    assert station.status.tries_left == 2
    assert station.ui.screens.pin_pad.alert.text() == "Code incorrect."
    assert station.ui.screens.pin_pad.tries.text() == "Il vous reste 2 essais."

    _type_on_the_pad(station, PIN)
    qtbot.waitUntil(
        lambda: station.screen() == ScreenName.HOME_BENEFICIARY, timeout=STEP_MS
    )
    link.remove()
    qtbot.waitUntil(lambda: station.screen() == ScreenName.WELCOME, timeout=5000)
