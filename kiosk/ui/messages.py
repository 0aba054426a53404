"""The one place where the kiosk's typed errors become words for a person.

Core code raises errors that carry data (:class:`~kiosk.hardware.card.WrongPin` knows the
tries left); :func:`describe` chooses what the person reads: a short title, what happened
and what to do next, in plain words ("facile à lire et à comprendre"). Nothing technical is
ever shown (no status word, no reason code, no serial number): :func:`log_shown` writes that
to the log, where the logging layer masks what looks personal.

Every next step reads well on its own and after "Reprenez votre carte.", which the message
screen shows between the text and the next step when a card is refused.

The French text is the source; ``QCoreApplication.translate("messages", ...)`` looks up the
current language each time, so call :func:`describe` again after a language switch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from kiosk.domain.errors import KioskError
from kiosk.hardware.card import (
    ApduError,
    BadResponse,
    CardRemoved,
    CardRevoked,
    NotOurCard,
    PinBlocked,
    WrongPin,
)
from kiosk.vault.errors import IntegrityError, NoKeyForRecipient, NotAllowed

log = logging.getLogger("kiosk.ui")

# The ``NotOurCard`` reason of a card that is simply not one of the service's cards.
NOT_PIV = "not_piv"


@dataclass(frozen=True, slots=True)
class Message:
    """What a person reads about an error, in the current language.

    Attributes:
        title: a few words, shown large.
        text: what happened, in one short sentence.
        next_step: what to do now.
    """

    title: str
    text: str
    next_step: str


def _with_number(text: str, number: int) -> str:
    return text.replace("%1", str(number))


def tries_left(count: int) -> str:
    """Returns "Il vous reste N essais." with the right singular or plural.

    Args:
        count: the PIN tries left before the card blocks (1 or more).
    """
    if count == 1:
        return QCoreApplication.translate("messages", "Il vous reste 1 essai.")
    return _with_number(
        QCoreApplication.translate("messages", "Il vous reste %1 essais."), count
    )


def last_try_warning() -> str:
    """Returns the warning shown when one try is left."""
    return QCoreApplication.translate(
        "messages", "Attention\u00a0: si le code est faux, la carte sera bloquée."
    )


def _wrong_pin(error: WrongPin) -> Message:
    return Message(
        QCoreApplication.translate("messages", "Code incorrect."),
        tries_left(error.tries_left),
        QCoreApplication.translate("messages", "Tapez de nouveau votre code."),
    )


def _not_our_card(error: NotOurCard) -> Message:
    if error.reason == NOT_PIV:
        return Message(
            QCoreApplication.translate("messages", "Carte inconnue"),
            QCoreApplication.translate("messages", "Cette carte n’est pas une carte du service."),
            QCoreApplication.translate(
                "messages", "Utilisez la carte que le service vous a donnée."
            ),
        )
    return Message(
        QCoreApplication.translate("messages", "Carte refusée"),
        QCoreApplication.translate("messages", "Cette carte ne peut pas être utilisée ici."),
        QCoreApplication.translate("messages", "Montrez-la à un agent à l’accueil."),
    )


def _card_message(error: KioskError) -> Message | None:
    if isinstance(error, WrongPin):
        return _wrong_pin(error)
    if isinstance(error, PinBlocked):
        return Message(
            QCoreApplication.translate("messages", "Carte bloquée"),
            QCoreApplication.translate("messages", "Votre carte est bloquée."),
            QCoreApplication.translate(
                "messages", "Allez voir un agent à l’accueil\u00a0: il peut la débloquer."
            ),
        )
    if isinstance(error, CardRevoked):
        return Message(
            QCoreApplication.translate("messages", "Carte plus valable"),
            QCoreApplication.translate("messages", "Cette carte n’est plus valable."),
            QCoreApplication.translate("messages", "Demandez une nouvelle carte à l’accueil."),
        )
    if isinstance(error, NotOurCard):
        return _not_our_card(error)
    if isinstance(error, BadResponse | ApduError):
        return Message(
            QCoreApplication.translate("messages", "Lecture impossible"),
            QCoreApplication.translate("messages", "La carte n’a pas pu être lue."),
            QCoreApplication.translate("messages", "Posez-la de nouveau dans le boîtier."),
        )
    if isinstance(error, CardRemoved):
        return Message(
            QCoreApplication.translate("messages", "Carte retirée"),
            QCoreApplication.translate("messages", "La carte a été retirée."),
            QCoreApplication.translate(
                "messages", "Pour recommencer, posez votre carte dans le boîtier."
            ),
        )
    return None


def _vault_message(error: KioskError) -> Message | None:
    if isinstance(error, IntegrityError):
        return Message(
            QCoreApplication.translate("messages", "Document abîmé"),
            QCoreApplication.translate(
                "messages", "Un document est abîmé. Il ne peut pas être ouvert."
            ),
            QCoreApplication.translate("messages", "Prévenez un agent à l’accueil."),
        )
    if isinstance(error, NoKeyForRecipient | NotAllowed):
        return Message(
            QCoreApplication.translate("messages", "Accès refusé"),
            QCoreApplication.translate("messages", "Vous n’avez pas le droit de voir ceci."),
            QCoreApplication.translate(
                "messages", "Si vous pensez que c’est une erreur, demandez à un agent."
            ),
        )
    return None


def describe(error: KioskError) -> Message:
    """Returns what a person reads about an error, in the current language.

    Args:
        error: any error of the kiosk; one it does not know gets a general message.
    """
    message = _card_message(error) or _vault_message(error)
    if message is not None:
        return message
    return Message(
        QCoreApplication.translate("messages", "Un problème est survenu"),
        QCoreApplication.translate("messages", "La borne n’a pas pu faire ce que vous vouliez."),
        QCoreApplication.translate(
            "messages", "Réessayez. Si le problème revient, demandez à un agent."
        ),
    )


def log_shown(error: KioskError, where: str) -> None:
    """Logs the technical side of an error that a person is being told about.

    Args:
        error: the error; its message goes to the log (through the redacting filter).
        where: what shows it (a screen id).
    """
    kind = type(error)
    name = f"{kind.__module__}.{kind.__qualname__}"
    log.info("%s tells the person about %s: %s", where, name, error)
