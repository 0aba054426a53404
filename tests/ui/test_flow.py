"""The card flow's mapping from statuses to views: plain data, tested without any widget."""

from __future__ import annotations

import pytest

from kiosk.auth.identity import HolderRole
from kiosk.auth.session import CardPhase
from kiosk.hardware.card import NotOurCard, PinBlocked, WrongPin
from kiosk.ui.flow import (
    HOME_FOR_ROLE,
    SESSION_PHASES,
    MissingHolderError,
    Notice,
    ScreenName,
    View,
    view_for,
)

from .cards import AGENT, BENEFICIARY, HEAD, TECHNICIAN, status


def test_no_card_goes_back_to_welcome_and_forgets_the_person() -> None:
    assert view_for(status(CardPhase.NO_CARD)) == View(ScreenName.WELCOME, new_person=True)


def test_a_new_card_is_read_for_a_new_person() -> None:
    assert view_for(status(CardPhase.READING)) == View(
        ScreenName.MESSAGE, Notice.READING, new_person=True
    )


def test_pin_shows_the_pad_with_the_tries_and_the_holder() -> None:
    view = view_for(status(CardPhase.PIN, 3, BENEFICIARY))
    assert view == View(ScreenName.PIN_PAD, tries_left=3, holder=BENEFICIARY)
    assert not view.busy
    assert not view.new_person


def test_a_wrong_pin_comes_back_to_the_pad_with_its_error() -> None:
    error = WrongPin(2)
    view = view_for(status(CardPhase.PIN, 2, AGENT, error))
    assert (view.screen, view.tries_left, view.error, view.holder) == (
        ScreenName.PIN_PAD, 2, error, AGENT
    )


def test_checking_makes_the_pad_busy() -> None:
    view = view_for(status(CardPhase.CHECKING, holder=AGENT))
    assert (view.screen, view.busy, view.holder) == (ScreenName.PIN_PAD, True, AGENT)


@pytest.mark.parametrize(
    ("holder", "screen"),
    [
        (BENEFICIARY, ScreenName.HOME_BENEFICIARY),
        (AGENT, ScreenName.HOME_AGENT),
        (HEAD, ScreenName.HOME_AGENT),
        (TECHNICIAN, ScreenName.HOME_TECHNICIAN),
    ],
)
def test_open_shows_the_home_of_the_role(holder: object, screen: ScreenName) -> None:
    view = view_for(status(CardPhase.OPEN, holder=holder))  # type: ignore[arg-type]
    assert (view.screen, view.holder) == (screen, holder)


def test_every_role_has_a_home() -> None:
    assert set(HOME_FOR_ROLE) == set(HolderRole)


def test_open_without_a_holder_is_told_as_a_problem_not_a_home() -> None:
    view = view_for(status(CardPhase.OPEN))
    assert (view.screen, view.notice) == (ScreenName.MESSAGE, Notice.REFUSED)
    assert isinstance(view.error, MissingHolderError)


def test_refused_carries_its_error() -> None:
    error = NotOurCard("clone", "9E signature does not verify")
    assert view_for(status(CardPhase.REFUSED, error=error)) == View(
        ScreenName.MESSAGE, Notice.REFUSED, error=error
    )


def test_refused_without_an_error_still_says_something() -> None:
    view = view_for(status(CardPhase.REFUSED))
    assert view.notice is Notice.REFUSED
    assert view.error is not None
    assert not isinstance(view.error, PinBlocked)


def test_ended_says_goodbye_with_the_reason() -> None:
    assert view_for(status(CardPhase.ENDED, reason="idle")) == View(
        ScreenName.MESSAGE, Notice.GOODBYE, reason="idle"
    )


def test_every_phase_has_a_view() -> None:
    screens = {phase: view_for(status(phase, holder=BENEFICIARY)).screen for phase in CardPhase}
    assert set(screens) == set(CardPhase)


def test_session_phases_are_those_with_a_card_logged_in_or_logging_in() -> None:
    assert {CardPhase.PIN, CardPhase.CHECKING, CardPhase.OPEN} == SESSION_PHASES
