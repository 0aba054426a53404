"""The whole card flow through build_app: statuses from a reader-like thread drive the screens."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.auth.identity import Holder
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.domain.errors import KioskError
from kiosk.hardware.card import (
    ApduError,
    BadResponse,
    CardRevoked,
    NotOurCard,
    PinBlocked,
    WrongPin,
)
from kiosk.ui.app import KioskUi
from kiosk.ui.card_bridge import CardBridge
from kiosk.ui.flow import Notice, ScreenName
from kiosk.vault.errors import IntegrityError

from .cards import AGENT, BENEFICIARY, TECHNICIAN, FakeCardManager, emit_from_thread, status
from .screens import PERSONAL, SessionScreen, StubError


@pytest.fixture
def manager() -> FakeCardManager:
    return FakeCardManager()


@pytest.fixture
def ui(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], manager: FakeCardManager
) -> Iterator[KioskUi]:
    built = make_ui(card=CardBridge(manager, idle_timeout_s=60))
    built.window.resize(1280, 800)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    assert built.card is not None
    built.card.deleteLater()


def _send(qtbot: QtBot, ui: KioskUi, *statuses: CardStatus) -> None:
    """Sends statuses from a plain thread and waits until the last one is shown."""
    assert ui.flow is not None and ui.card is not None
    with qtbot.waitSignals([ui.flow.view_shown] * len(statuses), timeout=2000):
        emit_from_thread(ui.card.listener, *statuses)


def _screen(ui: KioskUi) -> str:
    return ui.window.current_screen().screen_id


def _texts(widget: QWidget) -> str:
    return " ".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def _type(ui: KioskUi, digits: str) -> None:
    for digit in digits:
        QTest.mouseClick(ui.screens.pin_pad.digit_keys[digit], Qt.MouseButton.LeftButton)


def test_a_beneficiary_logs_in_after_one_wrong_pin(
    qtbot: QtBot, ui: KioskUi, manager: FakeCardManager
) -> None:
    pad, message = ui.screens.pin_pad, ui.screens.message
    assert _screen(ui) == ScreenName.WELCOME

    _send(qtbot, ui, status(CardPhase.READING))
    assert _screen(ui) == ScreenName.MESSAGE
    assert message.title.text() == "Lecture de la carte…"

    _send(qtbot, ui, status(CardPhase.PIN, 3, BENEFICIARY))
    assert _screen(ui) == ScreenName.PIN_PAD
    assert pad.tries.text() == "Il vous reste 3 essais."

    _type(ui, "111111")
    QTest.mouseClick(pad.validate_key, Qt.MouseButton.LeftButton)
    assert manager.pins == ["111111"]
    assert manager.threads == [threading.main_thread()]
    _send(qtbot, ui, status(CardPhase.CHECKING, holder=BENEFICIARY))
    assert pad.busy
    assert pad.tries.text() == "Vérification…"

    _send(qtbot, ui, status(CardPhase.PIN, 2, BENEFICIARY, WrongPin(2)))
    assert _screen(ui) == ScreenName.PIN_PAD
    assert (pad.alert.text(), pad.tries.text()) == ("Code incorrect.", "Il vous reste 2 essais.")
    assert not pad.busy

    _type(ui, "2580461")
    QTest.keyClick(pad, Qt.Key.Key_Enter)
    assert manager.pins == ["111111", "2580461"]
    _send(
        qtbot, ui,
        status(CardPhase.CHECKING, holder=BENEFICIARY),
        status(CardPhase.OPEN, holder=BENEFICIARY),
    )
    home = ui.screens.homes[ScreenName.HOME_BENEFICIARY]
    assert ui.window.current_screen() is home
    assert home.tiles[0].name.text() == "Ajouter un document"
    assert BENEFICIARY.card_number not in _texts(home)
    assert pad.digit_count == 0
    assert not pad.alert.text()


@pytest.mark.parametrize(("holder", "screen"), [
    (AGENT, ScreenName.HOME_AGENT), (TECHNICIAN, ScreenName.HOME_TECHNICIAN)
])
def test_staff_are_greeted_on_the_pad_and_on_their_home(
    qtbot: QtBot, ui: KioskUi, holder: Holder, screen: ScreenName
) -> None:
    _send(qtbot, ui, status(CardPhase.READING), status(CardPhase.PIN, 3, holder))
    assert ui.screens.pin_pad.greeting.text() == f"Bonjour {holder.display_name}"
    _send(qtbot, ui, status(CardPhase.OPEN, holder=holder))
    assert _screen(ui) == screen
    assert ui.screens.homes[screen].greeting.text() == f"Bonjour {holder.display_name}"


REFUSALS: list[tuple[KioskError, str, str]] = [
    (PinBlocked(), "Votre carte est bloquée.",
     "Allez voir un agent à l’accueil\u00a0: il peut la débloquer."),
    (CardRevoked(0xC0FFEE), "Cette carte n’est plus valable.",
     "Demandez une nouvelle carte à l’accueil."),
    (NotOurCard("not_piv", "SELECT 6A82"), "Cette carte n’est pas une carte du service.",
     "Utilisez la carte que le service vous a donnée."),
    (NotOurCard("clone", "9E signature mismatch"), "Cette carte ne peut pas être utilisée ici.",
     "Montrez-la à un agent à l’accueil."),
    (NotOurCard("expired", "notAfter 2024"), "Cette carte ne peut pas être utilisée ici.",
     "Montrez-la à un agent à l’accueil."),
    (BadResponse("GET DATA 5FC105", "truncated TLV"), "La carte n’a pas pu être lue.",
     "Posez-la de nouveau dans le boîtier."),
    (ApduError("VERIFY", 0x6F00), "La carte n’a pas pu être lue.",
     "Posez-la de nouveau dans le boîtier."),
    (IntegrityError("profile", "ben-1", "InvalidTag"),
     "Un document est abîmé. Il ne peut pas être ouvert.", "Prévenez un agent à l’accueil."),
    (KioskError("boom"), "La borne n’a pas pu faire ce que vous vouliez.",
     "Réessayez. Si le problème revient, demandez à un agent."),
]


@pytest.mark.parametrize(("error", "text", "next_step"), REFUSALS)
def test_a_refused_card_says_why_and_to_take_it_back(
    qtbot: QtBot, ui: KioskUi, error: KioskError, text: str, next_step: str
) -> None:
    _send(qtbot, ui, status(CardPhase.READING), status(CardPhase.REFUSED, error=error))
    message = ui.screens.message
    assert ui.window.current_screen() is message
    assert message.notice is Notice.REFUSED
    assert message.text.text() == text
    assert message.take_card.text() == "Reprenez votre carte."
    assert message.next_step.text() == next_step
    shown = _texts(message) + " ".join(
        w.accessibleName() + w.accessibleDescription() for w in message.findChildren(QWidget)
    )
    for detail in ("6A82", "6F00", "C0FFEE", "c0ffee", "TLV", "clone", "9E", "expired",
                   "2024", "InvalidTag", "ben-1", "boom", "VERIFY", "GET DATA"):
        assert detail not in shown, detail

    _send(qtbot, ui, status(CardPhase.NO_CARD))
    assert _screen(ui) == ScreenName.WELCOME


def test_taking_the_card_out_clears_everything_within_one_event_loop_turn(
    qtbot: QtBot, ui: KioskUi
) -> None:
    _send(
        qtbot, ui,
        status(CardPhase.READING),
        status(CardPhase.PIN, 2, AGENT, WrongPin(2)),
    )
    _type(ui, "12345")
    ui.language.set_language("en")
    _send(qtbot, ui, status(CardPhase.OPEN, holder=AGENT))
    assert _screen(ui) == ScreenName.HOME_AGENT
    assert "Camille" in _texts(ui.screens.homes[ScreenName.HOME_AGENT])
    assert ui.card is not None

    emit_from_thread(ui.card.listener, status(CardPhase.NO_CARD))
    QCoreApplication.processEvents()  # one turn of the event loop

    assert _screen(ui) == ScreenName.WELCOME
    assert ui.language.language == "fr"
    pad = ui.screens.pin_pad
    assert pad.digit_count == 0
    assert not pad.busy
    everything = " ".join(_texts(s) for s in ui.screens.all())
    assert "Camille" not in everything
    assert "Code incorrect" not in everything
    assert "essai" not in everything
    assert ui.screens.message.notice is None


def test_taking_the_card_out_while_typing_forgets_the_digits(
    qtbot: QtBot, ui: KioskUi
) -> None:
    _send(qtbot, ui, status(CardPhase.READING), status(CardPhase.PIN, 3, BENEFICIARY))
    _type(ui, "2468")
    assert ui.screens.pin_pad.digit_count == 4
    assert ui.card is not None
    emit_from_thread(ui.card.listener, status(CardPhase.NO_CARD))
    QCoreApplication.processEvents()
    assert _screen(ui) == ScreenName.WELCOME
    assert ui.screens.pin_pad.digit_count == 0
    assert ui.screens.pin_pad.dots.text() == ""
    assert "essais" not in _texts(ui.screens.pin_pad)


def test_a_new_card_without_a_removal_forgets_the_previous_person(
    qtbot: QtBot, ui: KioskUi
) -> None:
    _send(qtbot, ui, status(CardPhase.OPEN, holder=AGENT))
    ui.language.set_language("en")
    _send(qtbot, ui, status(CardPhase.READING))  # pulled out and put back between two polls
    assert "Camille" not in _texts(ui.screens.homes[ScreenName.HOME_AGENT])
    assert ui.screens.message.title.text() == "Reading the card…"  # the language stays


def test_terminer_logs_out_and_says_goodbye(
    qtbot: QtBot, ui: KioskUi, manager: FakeCardManager
) -> None:
    _send(qtbot, ui, status(CardPhase.OPEN, holder=BENEFICIARY))
    home = ui.screens.homes[ScreenName.HOME_BENEFICIARY]
    QTest.mouseClick(home.logout_button, Qt.MouseButton.LeftButton)
    assert manager.logouts == ["logout"]
    _send(qtbot, ui, status(CardPhase.ENDED, reason="logout"))
    message = ui.screens.message
    assert (message.title.text(), message.take_card.text()) == (
        "Au revoir.", "Reprenez votre carte."
    )
    assert message.text.text() == "Votre session est terminée."


def test_an_idle_session_is_ended_and_says_why(
    qtbot: QtBot, make_ui: Callable[..., KioskUi], manager: FakeCardManager
) -> None:
    bridge = CardBridge(manager, idle_timeout_s=0.05)
    ui = make_ui(card=bridge)
    _send(qtbot, ui, status(CardPhase.OPEN, holder=BENEFICIARY))
    qtbot.waitUntil(lambda: manager.logouts == ["idle"], timeout=2000)
    _send(qtbot, ui, status(CardPhase.ENDED, reason="idle"))
    assert ui.screens.message.text.text().startswith("Personne n’a touché l’écran")
    bridge.deleteLater()


def test_a_crash_during_a_session_also_ends_the_session(
    qtbot: QtBot, ui: KioskUi, manager: FakeCardManager, caplog: pytest.LogCaptureFixture
) -> None:
    session = SessionScreen()
    ui.window.add_screen(session)
    _send(qtbot, ui, status(CardPhase.OPEN, holder=BENEFICIARY))
    ui.window.show_screen("session")
    with qtbot.waitSignal(ui.window.returnedToWelcome):
        QTest.mouseClick(session.button, Qt.MouseButton.LeftButton)
    assert manager.logouts == ["reset"]
    assert all(PERSONAL not in r.getMessage() for r in caplog.records)
    assert any(StubError.__name__ in r.getMessage() for r in caplog.records)
    caplog.clear()


def test_removal_on_the_welcome_screen_keeps_the_chosen_language(
    qtbot: QtBot, ui: KioskUi
) -> None:
    ui.language.set_language("en")
    _send(qtbot, ui, status(CardPhase.NO_CARD))
    assert ui.language.language == "en"


def test_messages_follow_the_language(qtbot: QtBot, ui: KioskUi) -> None:
    _send(qtbot, ui, status(CardPhase.REFUSED, error=PinBlocked()))
    ui.language.set_language("en")
    message = ui.screens.message
    assert message.title.text() == "Card blocked"
    assert message.text.text() == "Your card is blocked."
    assert message.take_card.text() == "Take your card back."
    assert message.next_step.text() == (
        "Go to a member of staff at the front desk: they can unblock it."
    )


def test_without_a_card_stack_the_kiosk_stays_on_welcome(
    make_ui: Callable[..., KioskUi],
) -> None:
    ui = make_ui()
    assert ui.card is None and ui.flow is None
    assert ui.window.screen_ids() == [
        "welcome", "pin_pad", "message", "home_beneficiary", "home_agent", "home_technician"
    ]
    assert ui.window.current_screen() is ui.window.welcome
