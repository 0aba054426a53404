"""Typed errors become plain French (or English) words, with no technical detail."""

from __future__ import annotations

import logging

import pytest

from kiosk.domain.errors import KioskError
from kiosk.hardware.card import (
    ApduError,
    BadResponse,
    CardRemoved,
    CardRevoked,
    NotOurCard,
    PinBlocked,
    SecurityNotSatisfied,
    WrongPin,
)
from kiosk.ui import messages
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.messages import Message, describe
from kiosk.vault.errors import IntegrityError, NoKeyForRecipient, NotAllowed, TruncatedStream

UNTRUSTED = "Cette carte ne peut pas être utilisée ici."
UNREADABLE = "La carte n’a pas pu être lue."
FRENCH: list[tuple[KioskError, str, str]] = [
    (WrongPin(2), "Code incorrect.", "Il vous reste 2 essais."),
    (WrongPin(1), "Code incorrect.", "Il vous reste 1 essai."),
    (PinBlocked(), "Carte bloquée", "Votre carte est bloquée."),
    (CardRevoked(0xBEEF), "Carte plus valable", "Cette carte n’est plus valable."),
    (NotOurCard("not_piv"), "Carte inconnue", "Cette carte n’est pas une carte du service."),
    (NotOurCard("untrusted", "issuer CN=Evil"), "Carte refusée", UNTRUSTED),
    (NotOurCard("expired"), "Carte refusée", UNTRUSTED),
    (NotOurCard("wrong_usage"), "Carte refusée", UNTRUSTED),
    (NotOurCard("mismatch"), "Carte refusée", UNTRUSTED),
    (NotOurCard("clone", "9E signature"), "Carte refusée", UNTRUSTED),
    (BadResponse("GET DATA", "truncated TLV"), "Lecture impossible", UNREADABLE),
    (ApduError("SELECT", 0x6A82), "Lecture impossible", UNREADABLE),
    (SecurityNotSatisfied("GEN AUTH", 0x6982), "Lecture impossible", UNREADABLE),
    (CardRemoved("Lecteur 0", "transmit"), "Carte retirée", "La carte a été retirée."),
]


@pytest.mark.parametrize(("error", "title", "text"), FRENCH)
def test_each_error_has_its_own_french_words(error: KioskError, title: str, text: str) -> None:
    message = describe(error)
    assert (message.title, message.text) == (title, text)
    assert message.next_step


@pytest.mark.parametrize(("error", "next_step"), [
    (WrongPin(2), "Tapez de nouveau votre code."),
    (PinBlocked(), "Allez voir un agent à l’accueil\u00a0: il peut la débloquer."),
    (CardRevoked(1), "Demandez une nouvelle carte à l’accueil."),
    (NotOurCard("not_piv"), "Utilisez la carte que le service vous a donnée."),
    (NotOurCard("clone"), "Montrez-la à un agent à l’accueil."),
    (BadResponse("x", "y"), "Posez-la de nouveau dans le boîtier."),
])
def test_the_next_step_says_what_to_do(error: KioskError, next_step: str) -> None:
    assert describe(error).next_step == next_step


def test_vault_errors_talk_about_documents_and_rights() -> None:
    damaged = describe(IntegrityError("document", "doc-42", "InvalidTag"))
    assert damaged.title == "Document abîmé"
    assert "abîmé" in damaged.text
    assert "agent" in damaged.next_step
    assert describe(TruncatedStream("doc-42", 3)) == damaged
    refused = describe(NoKeyForRecipient("ben-1", 3, "ab" * 32))
    assert refused.text == "Vous n’avez pas le droit de voir ceci."
    assert describe(NotAllowed("export", "agent")) == refused


def test_an_unknown_error_gets_the_general_message() -> None:
    class Surprise(KioskError):
        pass

    assert describe(Surprise("details")) == Message(
        "Un problème est survenu",
        "La borne n’a pas pu faire ce que vous vouliez.",
        "Réessayez. Si le problème revient, demandez à un agent.",
    )


@pytest.mark.parametrize("error", [error for error, _, _ in FRENCH])
def test_no_technical_detail_reaches_the_person(error: KioskError) -> None:
    message = describe(error)
    shown = " ".join((message.title, message.text, message.next_step))
    for detail in ("PIV", "SW", "6A82", "6982", "beef", "BEEF", "TLV", "9E", "clone",
                   "not_piv", "mismatch", "Evil", "GET DATA", "SELECT", "Lecteur 0", "%1"):
        assert detail not in shown, detail


@pytest.mark.parametrize(("count", "text"), [
    (1, "Il vous reste 1 essai."), (2, "Il vous reste 2 essais."), (10, "Il vous reste 10 essais.")
])
def test_tries_left_is_singular_or_plural(count: int, text: str) -> None:
    assert messages.tries_left(count) == text


def test_english_after_switching_language(language: LanguageSwitcher) -> None:
    language.set_language("en")
    assert describe(WrongPin(2)) == Message(
        "Wrong code.", "You have 2 tries left.", "Type your code again."
    )
    assert messages.tries_left(1) == "You have 1 try left."
    assert describe(PinBlocked()).text == "Your card is blocked."
    assert describe(NotOurCard("not_piv")).text == "This card is not a card of the service."
    language.set_language("fr")
    assert describe(PinBlocked()).text == "Votre carte est bloquée."


def test_the_log_gets_the_detail_the_person_does_not(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.ui")
    messages.log_shown(NotOurCard("clone", "9E signature"), "message")
    [record] = caplog.records
    assert "kiosk.hardware.card.NotOurCard" in record.getMessage()
    assert "clone" in record.getMessage()
    assert record.levelno == logging.INFO


@pytest.mark.parametrize(("problem", "text", "next_step"), [
    (
        messages.StationProblem.NO_CARD_AUTHORITY,
        "Cette borne ne connaît pas encore l’autorité qui émet les cartes.",
        "Technicien\u00a0: lancez «\u00a0kiosk card authority-init\u00a0» ou installez les "
        "certificats des cartes. La borne les verra d’elle-même.",
    ),
    (
        messages.StationProblem.BAD_CARD_AUTHORITY,
        "Les certificats des cartes de cette borne sont illisibles.",
        "Technicien\u00a0: installez-les de nouveau. La borne les verra d’elle-même.",
    ),
    (
        messages.StationProblem.NO_CARD_SERVICE,
        "Le service des lecteurs de cartes (pcscd) ne répond pas.",
        "Technicien\u00a0: démarrez-le («\u00a0systemctl start pcscd\u00a0»). "
        "La borne réessaie d’elle-même.",
    ),
])
def test_a_station_problem_tells_anyone_and_the_technician(
    problem: messages.StationProblem, text: str, next_step: str
) -> None:
    assert messages.station_problem(problem) == Message(
        "Connexion par carte indisponible", text, next_step
    )


def test_station_problems_in_english(language: LanguageSwitcher) -> None:
    language.set_language("en")
    words = [messages.station_problem(problem) for problem in messages.StationProblem]
    assert {message.title for message in words} == {"Card login unavailable"}
    assert [message.text for message in words] == [
        "This kiosk does not know the card authority yet.",
        "This kiosk’s card certificates cannot be read.",
        "The card reader service (pcscd) does not answer.",
    ]
    assert words[2].next_step == (
        "Technician: start it (“systemctl start pcscd”). The kiosk tries again by itself."
    )
