"""Card login and logout beside their raw floors, measured side by side in one run.

A virtual card is issued over APDUs and inserted in the real pcscd (vpcd driver). Printed:
- login: from the card inserted to the session open (the script types the PIN as soon as
  the PIN pad is asked for), against the floor: from the same insertion to the end of the
  same number of APDU round trips that do nothing (VERIFY status queries) on a bare
  connection;
- logout: from the card pulled out to the welcome screen shown by the real Qt window
  (offscreen) with nothing of the person left, against the floor: the same removal seen by
  a bare ``SCardGetStatusChange`` watcher;
- the number of APDUs a login costs, by step.
Each figure is the median of interleaved rounds.
"""

from __future__ import annotations

import os
import queue
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from kiosk.auth.authority import CardAuthority, TrustStore
from kiosk.auth.card_workshop import NOW, PIN, CardMaker, connect
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.hardware.card import ReaderEvent
from kiosk.hardware.pcsc import ReaderMonitor
from kiosk.hardware.pcscd_service import ensure_pcscd
from kiosk.hardware.piv import PivClient, Slot
from kiosk.station import build_card_stack
from kiosk.ui.app import build_app
from kiosk.ui.card_bridge import CardBridge
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement

ROUNDS = 7
STATION = "station-bench"


def _wait_gui(done: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        QCoreApplication.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not reach the expected screen")
        time.sleep(0.0005)


class Watcher:
    """A bare SCardGetStatusChange watcher: the floor for seeing a removal."""

    def __init__(self, reader: str) -> None:
        self.reader = reader
        self.events: queue.Queue[tuple[bool, float]] = queue.Queue()
        self.monitor = ReaderMonitor(self._on_event)

    def _on_event(self, event: ReaderEvent) -> None:
        if event.reader == self.reader:
            self.events.put((event.present, time.monotonic()))

    def until(self, present: bool) -> float:
        while True:
            seen, when = self.events.get(timeout=10)
            if seen is present:
                return when


def floor_login(cards: CardMaker, state: Path, apdus: int) -> tuple[float, float]:
    """Insert, connect, ``apdus`` empty round trips: the least a login of that size costs.

    It runs in the second reader, which the kiosk under measure does not watch.
    """
    link = cards.link(state, slot=1)
    watcher = Watcher(cards.reader(1))
    watcher.monitor.start()
    start = time.monotonic()
    link.insert()
    seen = watcher.until(True)
    connection = connect(cards.reader(1), timeout=10)
    piv = PivClient(connection)
    for _ in range(apdus):
        piv.send(0x20, 0x00, 0x80, le=False)  # VERIFY status: no work on either side
    elapsed = time.monotonic() - seen
    watcher.monitor.stop()
    connection.close()
    cards.remove(link)
    return seen - start, elapsed


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-card-"))
    pcscd = ensure_pcscd(work / "pcscd")
    authority = CardAuthority.create("Autorité de mesure", NOW)
    cards = CardMaker(pcscd, authority, work)
    card = cards.issue("ben-bench")
    escrow = SoftwareKeyAgreement.generate()
    vault = open_vault(work / "data", STATION, escrow.public_key(), frame_size=1 << 20)
    vault.ensure_index_key("bench")
    key = card.issued.certificates[Slot.KEY_MANAGEMENT].public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    vault.create_beneficiary(
        {"nom": "Mesure"},
        family_name="Mesure",
        given_names="Banc",
        card_number=card.issued.holder.card_number,
        card_key=key,
        index=vault.unlock_index(escrow),
        actor="bench",
        beneficiary_id=card.holder_id,
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    bridge = CardBridge(idle_timeout_s=600)
    statuses: queue.Queue[CardStatus] = queue.Queue()

    def listener(status: CardStatus) -> None:
        bridge.listener(status)
        statuses.put(status)
        if status.phase is CardPhase.PIN and status.error is None:
            stack.manager.submit_pin(PIN)  # the script types the PIN at once

    trust = TrustStore([authority.certificate], [authority.crl(NOW)])
    stack = build_card_stack(work / "data", STATION, vault, listener, trust=trust)
    kiosk_reader = cards.reader(0)  # the floor runs in the second reader, unseen by the kiosk
    stack.monitor = ReaderMonitor(
        lambda event: stack.manager.handle_event(event) if event.reader == kiosk_reader else None
    )
    bridge.attach(stack.manager)
    ui = build_app("fr", False, card=bridge)
    ui.window.show()
    watcher = Watcher(cards.reader())
    stack.start()
    watcher.monitor.start()
    login, login_floor, logout, logout_floor, counts = [], [], [], [], []
    detect, detect_floor = [], []
    try:
        for _ in range(ROUNDS):
            link = cards.link(card.state)
            start = time.monotonic()
            link.insert()
            seen = 0.0
            while True:
                status = statuses.get(timeout=10)
                if status.phase is CardPhase.READING:
                    seen = time.monotonic()
                elif status.phase is CardPhase.OPEN:
                    break
                elif status.phase is CardPhase.REFUSED:
                    raise RuntimeError(f"login refused: {status.error!r}")
            login.append(time.monotonic() - seen)
            detect.append(seen - start)
            counts.append(stack.manager.apdus_last_login)
            _wait_gui(lambda: ui.window.current_screen() is not ui.window.welcome)
            watcher.until(True)

            pulled = time.monotonic()
            link.remove()
            _wait_gui(lambda: ui.window.current_screen() is ui.window.welcome)
            logout.append(time.monotonic() - pulled)
            logout_floor.append(watcher.until(False) - pulled)

            seen_floor, work_floor = floor_login(cards, card.state, counts[-1])
            detect_floor.append(seen_floor)
            login_floor.append(work_floor)
    finally:
        watcher.monitor.stop()
        stack.stop()
        ui.shutdown()
        vault.db.close()
        cards.remove_all()
        pcscd.stop()
    del app

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print(f"card login, {ROUNDS} interleaved rounds, real pcscd + vpcd virtual card")
    print(f"APDUs per login: {counts[0]} (all rounds: {sorted(set(counts))})")
    print(
        f"insert  card in -> kiosk sees it: {med(detect) * 1000:7.1f} ms | floor (bare "
        f"GetStatusChange) {med(detect_floor) * 1000:7.1f} ms | ratio "
        f"{med(detect) / med(detect_floor):.2f}"
    )
    print(
        f"login   card seen -> session open (PIN typed at once): {med(login) * 1000:7.1f} ms | "
        f"floor (connect + same APDU count, no work) {med(login_floor) * 1000:7.1f} ms | ratio "
        f"{med(login) / med(login_floor):.2f}"
    )
    print(
        f"logout  removal -> welcome     : {med(logout) * 1000:7.1f} ms | floor (bare "
        f"GetStatusChange) {med(logout_floor) * 1000:7.1f} ms | ratio "
        f"{med(logout) / med(logout_floor):.2f}"
    )
    print(f"logout worst round: {max(logout) * 1000:.1f} ms (target < 1000 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
