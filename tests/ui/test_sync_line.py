"""The homes' status line follows a real sync worker on a real station database.

The worker's platform is a port nobody listens on, so "pas de réseau" is the truth; the
operations waiting and the items "à traiter" are made through the real outbox.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.sync.protocol.ops import OpCode
from kiosk.sync.worker import Phase, SyncStatus
from kiosk.ui.app import KioskUi
from kiosk.ui.flow import ScreenName
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.home_agent import AgentHomeScreen
from kiosk.ui.screens.home_beneficiary import BeneficiaryHomeScreen
from kiosk.ui.screens.home_technician import TechnicianHomeScreen
from kiosk.ui.sync_jobs import SyncServices, SyncUnavailable, station_sync
from kiosk.ui.sync_monitor import SyncMonitor
from kiosk.ui.sync_words import NoSync, SyncState, clock_time
from kiosk.ui.theme import Theme
from kiosk.vault.db import Database

from .syncdesk import HERE, enqueue, offline_worker, refuse, station_db

NB = "\u00a0"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    made = station_db(tmp_path / "station")
    yield made
    made.close()


@pytest.fixture
def offline(db: Database) -> Iterator[SyncServices]:
    """Sync services around a real worker that cannot reach its platform (not started)."""
    services = SyncServices(db, offline_worker(db), station_id=HERE, status_interval_ms=40)
    yield services
    services.close()


def _home(qtbot: QtBot, language: LanguageSwitcher, kind: type[HomeScreen]) -> HomeScreen:
    home = kind(Theme(), language)
    qtbot.addWidget(home)
    home.resize(1280, 800)
    home.show()
    qtbot.waitExposed(home)
    return home


def _watch(services: SyncServices, *homes: HomeScreen) -> SyncMonitor:
    monitor = SyncMonitor(services)
    for home in homes:
        monitor.changed.connect(home.show_sync)
    monitor.start()
    return monitor


def _said(home: HomeScreen) -> str:
    return home.sync_line.shown.text() if home.sync_line.isVisibleTo(home) else ""


def test_the_line_follows_the_worker_off_the_gui_thread(
    qtbot: QtBot, language: LanguageSwitcher, db: Database, offline: SyncServices
) -> None:
    threads: list[str] = []
    real_state = offline.state

    def recorded() -> SyncState:
        threads.append(threading.current_thread().name)
        return real_state()

    offline.state = recorded  # type: ignore[method-assign]
    enqueue(db, 2)
    agent = _home(qtbot, language, AgentHomeScreen)
    assert not agent.sync_line.isVisibleTo(agent)  # nothing known yet: nothing said
    monitor = _watch(offline, agent)
    try:
        qtbot.waitUntil(lambda: _said(agent) == "2 envois en attente", timeout=3000)

        worker = offline.worker
        assert worker is not None
        worker.start()  # its first cycle finds no network
        qtbot.waitUntil(lambda: "pas de réseau" in _said(agent), timeout=5000)
        state = monitor.state
        assert isinstance(state, SyncStatus) and state.offline_since is not None
        since = clock_time(state.offline_since)
        assert _said(agent) == f"2 envois en attente, pas de réseau depuis {since}"
        assert agent.sync_line.line.isVisibleTo(agent)  # waiting: calm, not an alert
        assert not agent.sync_line.alert.isVisibleTo(agent)

        enqueue(db, 3)
        qtbot.waitUntil(lambda: _said(agent).startswith("5 envois en attente"), timeout=3000)

        refuse(db, "ar.transition", OpCode.ILLEGAL_TRANSITION)
        qtbot.waitUntil(lambda: "1 envoi refusé à regarder" in _said(agent), timeout=3000)
        assert agent.sync_line.alert.isVisibleTo(agent)  # someone must look: an alert
        assert agent.todo == 1

        language.set_language("en")
        english = f"5 items waiting, no network since {since} · 1 refused item to look at"
        assert _said(agent) == english
        assert agent.sync_line.accessibleName() == (
            f"5 items waiting, no network since {since}. 1 refused item to look at"
        )
    finally:
        monitor.stop()
    assert threads
    assert all(name.startswith("sync-ui") for name in threads), threads


def test_the_beneficiary_reads_the_short_line(
    qtbot: QtBot, language: LanguageSwitcher, db: Database, offline: SyncServices
) -> None:
    enqueue(db, 3)
    refuse(db, "ar.patch", OpCode.NOT_EDITABLE)
    worker = offline.worker
    assert worker is not None
    worker.run_once()  # no network
    assert worker.status().offline_since is not None
    home = _home(qtbot, language, BeneficiaryHomeScreen)
    monitor = _watch(offline, home)
    try:
        qtbot.waitUntil(lambda: bool(_said(home)), timeout=3000)
        assert _said(home) == "3 envois attendent le réseau. Ils partiront tout seuls."
        assert not home.sync_line.alert.isVisibleTo(home)
        assert not home.sync_line.next_step.isVisibleTo(home)
    finally:
        monitor.stop()


def test_a_station_not_enrolled_says_so_on_the_technicians_home(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], db: Database, tmp_path: Path
) -> None:
    services = station_sync(tmp_path / "data", db)
    assert services.worker is None and services.no_sync is NoSync.NOT_ENROLLED
    services.status_interval_ms = 40
    try:
        ui = make_ui(sync=services)
        technician = ui.screens.homes[ScreenName.HOME_TECHNICIAN]
        agent = ui.screens.homes[ScreenName.HOME_AGENT]
        assert isinstance(technician, TechnicianHomeScreen)
        assert isinstance(agent, AgentHomeScreen)
        qtbot.waitUntil(lambda: technician.sync_line.state is NoSync.NOT_ENROLLED, timeout=3000)
        line = technician.sync_line
        assert line.line.text() == (
            f"Station pas encore inscrite auprès de la plateforme{NB}: tout reste ici"
        )
        assert line.next_step.text() == (
            f"Technicien{NB}: inscrivez-la avec «{NB}kiosk sync enrol --url ADRESSE "
            f"--code CODE{NB}»."
        )
        assert not line.next_step.isHidden()
        assert agent.sync_line.next_step.isHidden()  # the technician's business only
        beneficiary = ui.screens.homes[ScreenName.HOME_BENEFICIARY]
        assert beneficiary.sync_line.line.text() == "Vos documents restent sur cette borne."
        for home in (technician, agent):
            assert not home.todo_tile.isHidden()
            assert home.todo_tile.note.text() == "Rien à regarder"
    finally:
        services.close()


def test_an_unreadable_enrolment_runs_offline_and_says_so(
    tmp_path: Path, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    (data / "sync").mkdir(parents=True)
    (data / "sync" / "station.json").write_text(json.dumps({"nonsense": 1}))
    services = station_sync(data, db)
    try:
        assert services.worker is None
        assert services.state() is NoSync.UNREADABLE
    finally:
        services.close()
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "enrolment cannot be read" in record.getMessage()
    caplog.clear()


def test_a_slow_database_never_holds_the_gui_thread(qtbot: QtBot, db: Database) -> None:
    release = threading.Event()
    done = SyncStatus(Phase.IDLE, 0, 0, 0, None, None, None, 0, None, None, None, 0)

    class Slow(SyncServices):
        def state(self) -> SyncState:
            release.wait(5)
            return done

    services = Slow(db, None, status_interval_ms=10)
    monitor = SyncMonitor(services)
    try:
        start = time.monotonic()
        monitor.start()
        qtbot.wait(100)  # ten ticks while the first query waits: none piles up
        assert time.monotonic() - start < 1
        assert monitor.state is None
        release.set()
        qtbot.waitUntil(lambda: monitor.state == done, timeout=3000)
    finally:
        monitor.stop()
        release.set()
        services.close()


def test_a_failing_database_is_logged_once_and_the_line_comes_back(
    qtbot: QtBot, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "kiosk.ui")
    answers: list[SyncState | Exception] = [
        SyncUnavailable("locked"),
        SyncUnavailable("locked"),
        SyncUnavailable("locked"),
        NoSync.NOT_ENROLLED,
    ]

    class Flaky(SyncServices):
        def state(self) -> SyncState:
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
            if isinstance(answer, Exception):
                raise answer
            return answer

    services = Flaky(db, None, status_interval_ms=10)
    monitor = SyncMonitor(services)
    try:
        monitor.start()
        qtbot.waitUntil(lambda: monitor.state is NoSync.NOT_ENROLLED, timeout=3000)
    finally:
        monitor.stop()
        services.close()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "status cannot be read" in warnings[0].getMessage()
    assert any("can be read again" in r.getMessage() for r in caplog.records)
    caplog.clear()
