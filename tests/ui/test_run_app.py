"""``kiosk run``: the card stack is built around the bridge, started, and always stopped."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk import cli
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.hardware.pcsc import PcscError
from kiosk.station import TRUST_DIR
from kiosk.ui import app as app_module
from kiosk.ui import card_service as card_service_module
from kiosk.ui.app import run_app
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.card_service import (
    CardService,
    CardStackFactory,
    CardStackLike,
    CardStackUnavailable,
    station_card_stack,
)
from kiosk.ui.document_jobs import DocumentServices
from kiosk.ui.main_window import MainWindow
from kiosk.ui.messages import StationProblem
from kiosk.ui.screens.pin_pad import PinPadScreen
from kiosk.ui.sync_jobs import SyncServices
from kiosk.ui.sync_words import NoSync
from kiosk.ui.widgets.station_notice import StationNotice

from .cards import BENEFICIARY, FakeCardManager, emit_from_thread, status


class FakeStack:
    """Stands in for kiosk.station.CardStack: records start and stop."""

    def __init__(self, listener: Callable[[CardStatus], None]) -> None:
        self.listener = listener
        self.manager = FakeCardManager()
        self.events: list[str] = []

    def start(self) -> None:
        self.events.append("start")

    def stop(self) -> None:
        self.events.append("stop")


class Factory:
    """A card stack factory that fails with the given problems first, then builds FakeStacks."""

    def __init__(self, *problems: StationProblem) -> None:
        self.problems = list(problems)
        self.stacks: list[FakeStack] = []

    def __call__(self, listener: Callable[[CardStatus], None]) -> CardStackLike:
        if self.problems:
            raise CardStackUnavailable(self.problems.pop(0), "test")
        stack = FakeStack(listener)
        self.stacks.append(stack)
        return stack


def _window(app: QApplication) -> MainWindow:
    [window] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return window


def _run_with(
    styled_app: QApplication,
    factory: CardStackFactory | None,
    inside: Callable[[MainWindow], None],
    language: str = "fr",
) -> int:
    """Runs run_app; ``inside`` looks at the running kiosk, then the loop ends."""
    failures: list[BaseException] = []

    def look_then_quit() -> None:
        try:
            inside(_window(styled_app))
        except BaseException as error:  # reported after the loop, by the test
            failures.append(error)
        styled_app.exit(7)

    QTimer.singleShot(0, look_then_quit)
    code = run_app(language, False, factory, idle_timeout_s=45, argv=["kiosk-test"])
    if failures:
        raise failures[0]
    return code


def test_the_stack_is_built_around_the_bridge_started_and_stopped(
    qtbot: QtBot, styled_app: QApplication
) -> None:
    factory = Factory()

    def inside(window: MainWindow) -> None:
        [stack] = factory.stacks
        assert stack.events == ["start"]
        assert window.current_screen() is window.welcome
        notice = window.findChild(StationNotice)
        assert notice is not None and notice.isHidden()
        # The stack's listener is the bridge's: a status from a reader thread shows the pad.
        emit_from_thread(stack.listener, status(CardPhase.PIN, 3, BENEFICIARY))
        qtbot.waitUntil(lambda: window.current_screen().screen_id == "pin_pad")
        bridge = getattr(stack.listener, "__self__", None)
        assert isinstance(bridge, CardBridge)
        assert bridge.idle_timeout_s == 45
        # The bridge is attached to the stack's manager: a PIN typed on the pad reaches it.
        pad = window.findChild(PinPadScreen)
        assert pad is not None
        for digit in "258046":
            pad.digit_keys[digit].click()
        pad.validate_key.click()
        assert stack.manager.pins == ["258046"]

    assert _run_with(styled_app, factory, inside) == 7
    assert factory.stacks[0].events == ["start", "stop"]


def test_the_stack_is_stopped_when_running_fails(
    styled_app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = Factory()

    @contextlib.contextmanager
    def broken(app: object) -> Iterator[None]:
        raise RuntimeError("the event loop could not start")
        yield  # pragma: no cover

    monkeypatch.setattr(app_module, "quit_on_signals", broken)
    with pytest.raises(RuntimeError, match="could not start"):
        run_app("fr", False, factory, argv=["kiosk-test"])
    assert factory.stacks[0].events == ["start", "stop"]
    assert not [w for w in styled_app.topLevelWidgets() if w.isVisible()]


def test_sigterm_ends_the_kiosk_cleanly(styled_app: QApplication) -> None:
    factory = Factory()
    previous_term = signal.getsignal(signal.SIGTERM)
    previous_int = signal.getsignal(signal.SIGINT)
    QTimer.singleShot(0, lambda: os.kill(os.getpid(), signal.SIGTERM))
    assert run_app("fr", False, factory, argv=["kiosk-test"]) == 0
    assert factory.stacks[0].events == ["start", "stop"]
    assert signal.getsignal(signal.SIGTERM) is previous_term
    assert signal.getsignal(signal.SIGINT) is previous_int


def test_without_a_card_authority_the_welcome_screen_tells_the_technician(
    tmp_path: Path, styled_app: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    seen: dict[str, str | bool] = {}

    def inside(window: MainWindow) -> None:
        notice = window.findChild(StationNotice)
        assert notice is not None
        assert window.current_screen() is window.welcome
        seen["visible"] = notice.isVisible()
        seen["problem"] = str(notice.problem)
        seen["title"] = notice.title.text()
        seen["text"] = notice.text.text()
        seen["next"] = notice.next_step.text()
        seen["instructions hidden"] = not window.welcome.step_card.isVisible()
        window.welcome.language_button.click()
        seen["english"] = notice.text.text()

    _run_with(styled_app, station_card_stack(tmp_path, "station-test", None), inside)
    assert seen == {
        "visible": True,
        "problem": StationProblem.NO_CARD_AUTHORITY.value,
        "title": "Connexion par carte indisponible",
        "text": "Cette borne ne connaît pas encore l’autorité qui émet les cartes.",
        "next": "Technicien\u00a0: lancez «\u00a0kiosk card authority-init\u00a0» ou installez "
        "les certificats des cartes. La borne les verra d’elle-même.",
        "instructions hidden": True,
        "english": "This kiosk does not know the card authority yet.",
    }
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "card login unavailable" in record.getMessage()
    assert "no_card_authority" in record.getMessage()
    caplog.clear()


def test_the_card_service_retries_until_the_stack_can_be_built(
    qtbot: QtBot, styled_app: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    factory = Factory(StationProblem.NO_CARD_SERVICE, StationProblem.NO_CARD_SERVICE)
    manager = FakeCardManager()
    bridge = CardBridge(manager)
    service = CardService(factory, bridge, retry_s=0.02)
    problems: list[StationProblem | None] = []
    service.problem_changed.connect(problems.append)
    service.start()
    assert service.problem is StationProblem.NO_CARD_SERVICE
    assert service.stack is None
    qtbot.waitUntil(lambda: service.stack is not None, timeout=2000)
    assert problems == [StationProblem.NO_CARD_SERVICE, None]  # told once, not at each try
    [stack] = factory.stacks
    assert stack.events == ["start"]
    bridge.submit_pin("123456")
    assert stack.manager.pins == ["123456"]
    assert manager.pins == []
    service.stop()
    service.stop()  # twice is harmless
    assert stack.events == ["start", "stop"]
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    caplog.clear()
    bridge.deleteLater()
    service.deleteLater()


def test_a_stopped_card_service_does_not_retry(
    qtbot: QtBot, styled_app: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    factory = Factory(StationProblem.NO_CARD_AUTHORITY)
    service = CardService(factory, CardBridge(), retry_s=0.01)
    service.start()
    service.stop()
    qtbot.wait(50)
    assert factory.stacks == []
    caplog.clear()


def test_the_station_factory_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = station_card_stack(tmp_path, "station-test", None)

    def listener(status: CardStatus) -> None:
        raise AssertionError("no status expected")

    with pytest.raises(CardStackUnavailable) as missing:
        build(listener)
    assert missing.value.problem is StationProblem.NO_CARD_AUTHORITY

    trust = tmp_path / TRUST_DIR
    trust.mkdir()
    (trust / "authority.pem").write_text("not a certificate")
    with pytest.raises(CardStackUnavailable) as unreadable:
        build(listener)
    assert unreadable.value.problem is StationProblem.BAD_CARD_AUTHORITY

    def no_pcscd(*args: object, **kwargs: object) -> CardStackLike:
        raise PcscError("SCardEstablishContext", 0x8010001D)

    monkeypatch.setattr(card_service_module, "_station_trust", lambda directory: object())
    monkeypatch.setattr(card_service_module, "build_card_stack", no_pcscd)
    with pytest.raises(CardStackUnavailable) as no_service:
        build(listener)
    assert no_service.value.problem is StationProblem.NO_CARD_SERVICE
    assert "SCardEstablishContext" in no_service.value.detail


def test_kiosk_run_opens_the_vault_and_hands_the_station_stack_to_run_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, bool, float]] = []
    problems: list[StationProblem] = []

    def fake_run_app(
        language: str,
        kiosk_mode: bool,
        card_stack: CardStackFactory | None = None,
        *,
        idle_timeout_s: float,
        card_life: object = None,
        documents: object = None,
        sync: object = None,
    ) -> int:
        calls.append((language, kiosk_mode, idle_timeout_s))
        assert card_life is None  # no card authority on this station: no card tools
        # Not enrolled with the platform: the station runs offline, and says so.
        assert isinstance(sync, SyncServices)
        assert sync.worker is None
        assert sync.state() is NoSync.NOT_ENROLLED
        assert isinstance(documents, DocumentServices)  # camera 0 by default (opened later)
        assert documents.export is None  # no USB port configured
        assert card_stack is not None
        assert (tmp_path / "data" / "vault.sqlite3").exists()
        with pytest.raises(CardStackUnavailable) as error:
            card_stack(lambda status: None)
        problems.append(error.value.problem)
        return 5

    monkeypatch.setattr(app_module, "run_app", fake_run_app)
    monkeypatch.setenv("KIOSK_IDLE_TIMEOUT_S", "90")
    monkeypatch.setenv("KIOSK_LANGUAGE", "en")
    args = cli.build_parser().parse_args(["--data-dir", str(tmp_path / "data"), "run"])
    assert cli.cmd_run(args) == 5
    assert calls == [("en", False, 90)]
    assert problems == [StationProblem.NO_CARD_AUTHORITY]
