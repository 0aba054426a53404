"""The card flow: which screen each card status shows, as plain data (no Qt here).

The card session manager reports a :class:`~kiosk.auth.session.CardStatus` at every step;
:func:`view_for` turns it into a :class:`View`, the few facts a screen needs. The Qt side
(:mod:`kiosk.ui.controller`) only applies views, so the whole mapping is tested without a
window, in the manner of Electrum's GUI-free wizard.

=============  ===========================================================
phase          view
=============  ===========================================================
NO_CARD        the welcome screen; everything shown or typed is forgotten
READING        "Lecture de la carte…"; what the previous person saw is forgotten
PIN            the PIN pad, with the tries left (and why, after a wrong PIN)
CHECKING       the PIN pad, busy ("Vérification…")
OPEN           the home screen of the holder's role
REFUSED        why the card cannot be used, and what to do next
ENDED          "Au revoir. Reprenez votre carte."
=============  ===========================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final, assert_never

from kiosk.auth.identity import Holder, HolderRole
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.domain.errors import KioskError


class ScreenName(StrEnum):
    """The ``screen_id`` of each screen the card flow shows."""

    WELCOME = "welcome"
    MESSAGE = "message"
    PIN_PAD = "pin_pad"
    HOME_BENEFICIARY = "home_beneficiary"
    HOME_AGENT = "home_agent"
    HOME_TECHNICIAN = "home_technician"


class Notice(StrEnum):
    """What the message screen tells the person."""

    READING = "reading"  # the card is being read: do not take it out
    REFUSED = "refused"  # the card cannot log in: why, and what to do
    GOODBYE = "goodbye"  # the session ended: take the card back


#: The home screen of each role. Heads of service share the agents' home.
HOME_FOR_ROLE: Final[Mapping[HolderRole, ScreenName]] = MappingProxyType(
    {
        HolderRole.BENEFICIARY: ScreenName.HOME_BENEFICIARY,
        HolderRole.AGENT: ScreenName.HOME_AGENT,
        HolderRole.HEAD_OF_SERVICE: ScreenName.HOME_AGENT,
        HolderRole.TECHNICIAN: ScreenName.HOME_TECHNICIAN,
    }
)

#: Phases in which a card is logged in or on its way there: a reset of the screens must
#: also end the session, or the screens and the card would tell different stories.
SESSION_PHASES: Final = frozenset({CardPhase.PIN, CardPhase.CHECKING, CardPhase.OPEN})


class MissingHolderError(KioskError):
    """A session opened without a holder: a bug; the person is told something went wrong."""


@dataclass(frozen=True, slots=True)
class View:
    """What to show for one card status.

    Attributes:
        screen: the screen to bring to the front.
        notice: what the message screen says (``MESSAGE`` only).
        busy: the PIN pad waits for the card's answer (``PIN_PAD`` only).
        tries_left: PIN tries left before the card blocks, when known.
        holder: who the card belongs to (greeting of staff, choice of the home screen).
        error: why the card was refused, or why the last PIN was wrong.
        reason: why a session ended ("logout", "idle", ...), for the goodbye.
        new_person: forget everything the previous person saw or typed before showing it.
    """

    screen: ScreenName
    notice: Notice | None = None
    busy: bool = False
    tries_left: int | None = None
    holder: Holder | None = None
    error: KioskError | None = None
    reason: str = ""
    new_person: bool = False


def home_for(holder: Holder) -> ScreenName:
    """Returns the home screen of a holder's role.

    Args:
        holder: the logged-in holder.
    """
    return HOME_FOR_ROLE[holder.role]


def view_for(status: CardStatus) -> View:
    """Returns the view of a card status.

    Args:
        status: what the card session manager reported.
    """
    phase = status.phase
    if phase is CardPhase.NO_CARD:
        return View(ScreenName.WELCOME, new_person=True)
    if phase is CardPhase.READING:
        return View(ScreenName.MESSAGE, Notice.READING, new_person=True)
    if phase is CardPhase.PIN:
        return View(
            ScreenName.PIN_PAD,
            tries_left=status.tries_left,
            holder=status.holder,
            error=status.error,
        )
    if phase is CardPhase.CHECKING:
        return View(
            ScreenName.PIN_PAD, busy=True, tries_left=status.tries_left, holder=status.holder
        )
    if phase is CardPhase.OPEN:
        if status.holder is None:
            return View(
                ScreenName.MESSAGE,
                Notice.REFUSED,
                error=MissingHolderError("session open without a holder"),
            )
        return View(home_for(status.holder), holder=status.holder)
    if phase is CardPhase.REFUSED:
        error = status.error or KioskError(f"card refused without a reason ({status.reason})")
        return View(ScreenName.MESSAGE, Notice.REFUSED, error=error)
    if phase is CardPhase.ENDED:
        return View(ScreenName.MESSAGE, Notice.GOODBYE, reason=status.reason)
    assert_never(phase)
