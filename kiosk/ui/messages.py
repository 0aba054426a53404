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
from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from kiosk.auth.card_desk import DeskUnavailable, NoCardOnDesk, WrongCardOnDesk
from kiosk.auth.card_life import (
    CardAlreadyReplaced,
    EscrowKeyProblem,
    InvalidSecret,
    NotABlankCard,
    NoVaultForBeneficiary,
)
from kiosk.auth.card_register import CardNumberTaken, NoSuchCard
from kiosk.documents.errors import (
    ExportUnavailable,
    NoOpenVault,
    NotAStationDocument,
    UnusablePage,
)
from kiosk.domain.errors import KioskError
from kiosk.domain.normalise import InvalidCardNumber, InvalidName
from kiosk.hardware.camera import CameraError
from kiosk.hardware.card import (
    ApduError,
    BadResponse,
    CardRemoved,
    CardRevoked,
    NotOurCard,
    PinBlocked,
    WrongPin,
)
from kiosk.ocr.errors import (
    ImageTooLarge,
    ImageTooSmall,
    OcrEngineFailed,
    OcrEngineMissing,
    TruncatedImage,
    UnreadableImage,
)
from kiosk.ui.sync_jobs import SyncUnavailable
from kiosk.vault.errors import (
    IntegrityError,
    NoEscrowKey,
    NoKeyForRecipient,
    NotAllowed,
    NotFound,
    SessionClosed,
)

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


def _sync_message(error: KioskError) -> Message | None:
    if isinstance(error, SyncUnavailable):
        return Message(
            QCoreApplication.translate("messages", "Liste indisponible"),
            QCoreApplication.translate(
                "messages", "La base de données de la station n’a pas répondu."
            ),
            QCoreApplication.translate(
                "messages",
                "Réessayez dans un instant. Si cela revient, appelez le technicien.",
            ),
        )
    return None


def describe(error: KioskError) -> Message:
    """Returns what a person reads about an error, in the current language.

    Args:
        error: any error of the kiosk; one it does not know gets a general message.
    """
    message = (
        _card_message(error)
        or _vault_message(error)
        or _card_tool_message(error)
        or _sync_message(error)
    )
    if message is not None:
        return message
    return Message(
        QCoreApplication.translate("messages", "Un problème est survenu"),
        QCoreApplication.translate("messages", "La borne n’a pas pu faire ce que vous vouliez."),
        QCoreApplication.translate(
            "messages", "Réessayez. Si le problème revient, demandez à un agent."
        ),
    )


class StationProblem(StrEnum):
    """What keeps the station from reading cards; the welcome screen tells the technician."""

    NO_CARD_AUTHORITY = "no_card_authority"  # no trust store: no card authority configured
    BAD_CARD_AUTHORITY = "bad_card_authority"  # the trust store cannot be read
    NO_CARD_SERVICE = "no_card_service"  # PC/SC (pcscd) does not answer


def station_problem(problem: StationProblem) -> Message:
    """Returns what the welcome screen says when cards cannot be read, in the current language.

    The title is for anyone at the kiosk; the text and the next step are for the technician.

    Args:
        problem: what is missing.
    """
    title = QCoreApplication.translate("messages", "Connexion par carte indisponible")
    if problem is StationProblem.NO_CARD_AUTHORITY:
        return Message(
            title,
            QCoreApplication.translate(
                "messages", "Cette borne ne connaît pas encore l’autorité qui émet les cartes."
            ),
            QCoreApplication.translate(
                "messages",
                "Technicien\u00a0: lancez «\u00a0kiosk card authority-init\u00a0» ou installez "
                "les certificats des cartes. La borne les verra d’elle-même.",
            ),
        )
    if problem is StationProblem.BAD_CARD_AUTHORITY:
        return Message(
            title,
            QCoreApplication.translate(
                "messages", "Les certificats des cartes de cette borne sont illisibles."
            ),
            QCoreApplication.translate(
                "messages",
                "Technicien\u00a0: installez-les de nouveau. La borne les verra d’elle-même.",
            ),
        )
    return Message(
        title,
        QCoreApplication.translate(
            "messages", "Le service des lecteurs de cartes (pcscd) ne répond pas."
        ),
        QCoreApplication.translate(
            "messages",
            "Technicien\u00a0: démarrez-le («\u00a0systemctl start pcscd\u00a0»). "
            "La borne réessaie d’elle-même.",
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


# -- card tools: what the technician and the agent read at the card screens -------------------


def describe_card_tool(error: KioskError) -> Message:
    """Returns what a member of staff reads about an error of the card tools.

    A wrong or blocked PUK is worded for the agent who typed it; everything else as
    :func:`describe` words it.

    Args:
        error: any error of the kiosk.
    """
    if isinstance(error, WrongPin) and error.puk:
        return Message(
            QCoreApplication.translate("messages", "Code PUK incorrect."),
            tries_left(error.tries_left),
            QCoreApplication.translate("messages", "Vérifiez le code PUK et tapez-le de nouveau."),
        )
    if isinstance(error, PinBlocked) and error.puk:
        return Message(
            QCoreApplication.translate("messages", "Code PUK bloqué"),
            QCoreApplication.translate("messages", "Cette carte ne peut plus être débloquée."),
            QCoreApplication.translate("messages", "Donnez une nouvelle carte à la personne."),
        )
    return describe(error)


def _card_tool_message(error: KioskError) -> Message | None:
    words = _card_lookup_words(error) or _card_writing_words(error)
    if words is None:
        return None
    title, text, next_step = words
    return Message(title, text, next_step)


def _card_lookup_words(error: KioskError) -> tuple[str, str, str] | None:
    if isinstance(error, InvalidCardNumber):
        return (
            QCoreApplication.translate("messages", "Numéro invalide"),
            QCoreApplication.translate(
                "messages", "Un numéro de carte a 6 chiffres ou lettres, par exemple 000YSZ."
            ),
            QCoreApplication.translate(
                "messages", "Tapez de nouveau le numéro écrit sur la fiche de la carte."
            ),
        )
    if isinstance(error, InvalidName):
        return (
            QCoreApplication.translate("messages", "Nom manquant"),
            QCoreApplication.translate("messages", "Le nom est vide."),
            QCoreApplication.translate("messages", "Tapez le nom de famille."),
        )
    if isinstance(error, NoSuchCard):
        return (
            QCoreApplication.translate("messages", "Carte introuvable"),
            QCoreApplication.translate(
                "messages", "Aucune carte ne correspond à ce numéro et à ce nom."
            ),
            QCoreApplication.translate(
                "messages", "Vérifiez le numéro sur la fiche et le nom sur la pièce d’identité."
            ),
        )
    if isinstance(error, CardAlreadyReplaced):
        return (
            QCoreApplication.translate("messages", "Carte déjà remplacée"),
            _with_text(
                QCoreApplication.translate(
                    "messages", "Cette carte a déjà été remplacée par la carte %1."
                ),
                error.replaced_by,
            ),
            QCoreApplication.translate("messages", "Cherchez la nouvelle carte."),
        )
    if isinstance(error, CardNumberTaken):
        return (
            QCoreApplication.translate("messages", "Numéro déjà pris"),
            QCoreApplication.translate("messages", "Une autre carte a déjà ce numéro."),
            QCoreApplication.translate("messages", "Recommencez : un autre numéro sera choisi."),
        )
    return None


def _card_writing_words(error: KioskError) -> tuple[str, str, str] | None:
    if isinstance(error, NoCardOnDesk):
        return (
            QCoreApplication.translate("messages", "Pas de carte"),
            QCoreApplication.translate("messages", "Il n’y a pas de carte dans le second lecteur."),
            QCoreApplication.translate(
                "messages", "Posez la carte dans le second lecteur, puis recommencez."
            ),
        )
    if isinstance(error, DeskUnavailable):
        return (
            QCoreApplication.translate("messages", "Lecteurs indisponibles"),
            QCoreApplication.translate("messages", "Les lecteurs de cartes ne répondent pas."),
            QCoreApplication.translate(
                "messages", "Réessayez dans un moment. Si cela dure, prévenez le technicien."
            ),
        )
    if isinstance(error, WrongCardOnDesk):
        return (
            QCoreApplication.translate("messages", "Ce n’est pas la bonne carte"),
            _with_text(
                QCoreApplication.translate("messages", "La carte posée est la carte %1."),
                error.found,
            ),
            QCoreApplication.translate(
                "messages", "Posez la carte de la personne, puis recommencez."
            ),
        )
    if isinstance(error, NotABlankCard):
        if error.reason == "issued":
            text = QCoreApplication.translate("messages", "Cette carte est déjà émise.")
        else:
            text = QCoreApplication.translate(
                "messages", "Cette carte n’est pas une carte vierge du service."
            )
        return (
            QCoreApplication.translate("messages", "Carte refusée"),
            text,
            QCoreApplication.translate("messages", "Posez une carte vierge, puis recommencez."),
        )
    if isinstance(error, InvalidSecret):
        if error.puk:
            return (
                QCoreApplication.translate("messages", "Code PUK invalide"),
                QCoreApplication.translate("messages", "Le code PUK a 8 chiffres."),
                QCoreApplication.translate("messages", "Tapez-le de nouveau."),
            )
        return (
            QCoreApplication.translate("messages", "Code invalide"),
            QCoreApplication.translate("messages", "Le code secret a de 6 à 8 chiffres."),
            QCoreApplication.translate("messages", "Recommencez."),
        )
    if isinstance(error, EscrowKeyProblem | NoEscrowKey):
        reason = error.reason if isinstance(error, EscrowKeyProblem) else "station"
        text = {
            "missing": QCoreApplication.translate(
                "messages", "Il faut la clé de séquestre pour passer les papiers sur la carte."
            ),
            "unreadable": QCoreApplication.translate(
                "messages", "Le fichier de la clé de séquestre est illisible."
            ),
            "mismatch": QCoreApplication.translate(
                "messages", "Ce n’est pas la clé de séquestre de cette borne."
            ),
        }.get(
            reason,
            QCoreApplication.translate("messages", "Cette borne n’a pas de clé de séquestre."),
        )
        return (
            QCoreApplication.translate("messages", "Clé de séquestre"),
            text,
            QCoreApplication.translate(
                "messages", "Branchez le support du technicien et indiquez le fichier de la clé."
            ),
        )
    if isinstance(error, NoVaultForBeneficiary):
        return (
            QCoreApplication.translate("messages", "Carte d’usager impossible ici"),
            QCoreApplication.translate(
                "messages", "Cette borne ne peut pas créer le coffre-fort d’un usager."
            ),
            QCoreApplication.translate(
                "messages", "Émettez la carte sur une borne qui a la clé du coffre."
            ),
        )
    return None


def _with_text(text: str, value: str) -> str:
    return text.replace("%1", value)


# -- documents: what a beneficiary reads at the capture, review and "Mes documents" screens -----


def describe_document(error: KioskError) -> Message:
    """Returns what a person reads about an error of document capture, reading or filing.

    Errors that are not about documents are worded as :func:`describe` words them.

    Args:
        error: any error of the kiosk.
    """
    words = _capture_words(error) or _shelf_words(error)
    if words is None:
        return describe(error)
    title, text, next_step = words
    return Message(title, text, next_step)


def page_problem(problem: str) -> Message | None:
    """Returns what the review screen says about a doubtful photo, or None for no problem.

    Args:
        problem: a problem code of the reading (``"blurry"``, ``"low_resolution"``,
            ``"no_page"``...).
    """
    words = {
        "no_page": (
            QCoreApplication.translate("messages", "Bords de la page non trouvés"),
            QCoreApplication.translate(
                "messages", "La borne n’a pas trouvé les bords de la feuille."
            ),
            QCoreApplication.translate(
                "messages", "Vérifiez que la page est entière. Sinon, recommencez."
            ),
        ),
        "low_resolution": (
            QCoreApplication.translate("messages", "Page trop petite"),
            QCoreApplication.translate("messages", "La feuille est petite sur la photo."),
            QCoreApplication.translate(
                "messages", "Vérifiez bien ce qui a été lu. Ou recommencez, la feuille plus près."
            ),
        ),
        "blurry": (
            QCoreApplication.translate("messages", "Photo floue"),
            QCoreApplication.translate("messages", "La photo est floue."),
            QCoreApplication.translate(
                "messages", "Vérifiez bien ce qui a été lu. Ou recommencez sans bouger."
            ),
        ),
        "no_text": (
            QCoreApplication.translate("messages", "Rien n’a été lu"),
            QCoreApplication.translate("messages", "La borne n’a pas pu lire le texte."),
            QCoreApplication.translate(
                "messages", "Vous pouvez écrire vous-même ce qui manque, ou recommencer."
            ),
        ),
    }.get(problem)
    return None if words is None else Message(*words)


def _capture_words(error: KioskError) -> tuple[str, str, str] | None:
    if isinstance(error, CameraError):
        return (
            QCoreApplication.translate("messages", "Caméra indisponible"),
            QCoreApplication.translate("messages", "La caméra ne donne pas d’image."),
            QCoreApplication.translate(
                "messages", "Réessayez dans un moment. Si cela dure, prévenez un agent."
            ),
        )
    if isinstance(error, UnreadableImage | TruncatedImage):
        return (
            QCoreApplication.translate("messages", "Image abîmée"),
            QCoreApplication.translate(
                "messages", "L’image est abîmée. Elle ne peut pas être lue."
            ),
            QCoreApplication.translate("messages", "Reprenez la photo."),
        )
    if isinstance(error, ImageTooSmall | ImageTooLarge):
        return (
            QCoreApplication.translate("messages", "Image impossible à lire"),
            QCoreApplication.translate("messages", "La taille de l’image ne convient pas."),
            QCoreApplication.translate("messages", "Reprenez la photo."),
        )
    if isinstance(error, OcrEngineMissing | OcrEngineFailed):
        return (
            QCoreApplication.translate("messages", "Lecture impossible"),
            QCoreApplication.translate("messages", "La borne n’arrive pas à lire les documents."),
            QCoreApplication.translate("messages", "Réessayez. Si cela dure, prévenez un agent."),
        )
    if isinstance(error, UnusablePage):
        if error.problem == "empty_page":
            return (
                QCoreApplication.translate("messages", "Page blanche"),
                QCoreApplication.translate("messages", "La page semble blanche."),
                QCoreApplication.translate(
                    "messages", "Retournez la feuille, puis reprenez la photo."
                ),
            )
        return (
            QCoreApplication.translate("messages", "Pas de page"),
            QCoreApplication.translate("messages", "La borne ne trouve pas de page sur la photo."),
            QCoreApplication.translate(
                "messages", "Posez la feuille à plat sur le fond sombre, en entier dans l’image."
            ),
        )
    return None


def _shelf_words(error: KioskError) -> tuple[str, str, str] | None:
    if isinstance(error, NoOpenVault | SessionClosed):
        return (
            QCoreApplication.translate("messages", "Session terminée"),
            QCoreApplication.translate("messages", "Vos documents ne sont plus ouverts."),
            QCoreApplication.translate(
                "messages", "Pour recommencer, posez votre carte dans le boîtier."
            ),
        )
    if isinstance(error, NotFound):
        return (
            QCoreApplication.translate("messages", "Document introuvable"),
            QCoreApplication.translate("messages", "Ce document n’est plus dans vos documents."),
            QCoreApplication.translate("messages", "Revenez à la liste de vos documents."),
        )
    if isinstance(error, NotAStationDocument):
        return (
            QCoreApplication.translate("messages", "Document impossible à ouvrir"),
            QCoreApplication.translate(
                "messages",
                "Ce document n’a pas été ajouté par une borne. Elle ne peut pas l’ouvrir.",
            ),
            QCoreApplication.translate("messages", "Demandez à un agent."),
        )
    if isinstance(error, ExportUnavailable):
        if error.reason == "no_medium":
            return (
                QCoreApplication.translate("messages", "Pas de clé USB"),
                QCoreApplication.translate("messages", "Aucune clé USB n’est branchée."),
                QCoreApplication.translate(
                    "messages", "Branchez votre clé USB sur la borne, puis recommencez."
                ),
            )
        return (
            QCoreApplication.translate("messages", "Enregistrement impossible"),
            QCoreApplication.translate(
                "messages", "Le document n’a pas pu être enregistré sur la clé USB."
            ),
            QCoreApplication.translate(
                "messages", "Vérifiez la clé (place libre, protection), puis recommencez."
            ),
        )
    return None
