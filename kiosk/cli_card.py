"""``kiosk card ...``: the technician's and agent's card tools, over :mod:`kiosk.auth.card_life`.

The station's card authority and its register of issued cards live in ``<data dir>/authority``
(0600, technician only); the public trust material every station caches is in
``<data dir>/trust``; the explanatory sheets go to ``<data dir>/outbox``. Audit events go to
the station's vault journal. Errors of the core arrive typed and are worded here, in French,
for the technician at a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from cryptography.hazmat.primitives import serialization

from kiosk.auth.authority import load_trust, save_trust
from kiosk.auth.card_life import (
    AUTHORITY_DIR,
    FACTORY_BLANK,
    OUTBOX_DIR,
    CardAlreadyReplaced,
    CardLifeService,
    EscrowKeyProblem,
    HolderDetails,
    IssueResult,
    NotABlankCard,
    NoVaultForBeneficiary,
    index_from_escrow,
    load_escrow_key,
)
from kiosk.auth.card_register import CardNumberTaken, CardRegister, NoSuchCard
from kiosk.auth.identity import HolderRole
from kiosk.cli_virtual_card import add_virtual
from kiosk.config import load_settings
from kiosk.domain.errors import KioskError
from kiosk.domain.normalise import InvalidCardNumber, InvalidName
from kiosk.hardware.card import (
    CardRemoved,
    CardRevoked,
    NotOurCard,
    PinBlocked,
    SmartCardConnection,
    WrongPin,
)
from kiosk.hardware.pcsc import PcscConnection, list_readers
from kiosk.hardware.piv import PivClient, Slot
from kiosk.station import TRUST_DIR, utc_now
from kiosk.vault.errors import NoEscrowKey
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import load_public_key

T = TypeVar("T")

# A blank card's factory secrets (the virtual card's too); real batches come with their own.
BLANK = FACTORY_BLANK
DEFAULT_ACTOR = "technicien-cli"


class CliFail(Exception):
    """A message for the person at the terminal; the command exits with 1."""


def open_connection(reader: str | None) -> SmartCardConnection:
    """An exclusive connection to the card in ``reader`` (the first reader when None)."""
    if reader is None:
        readers = list_readers()
        if not readers:
            raise CliFail("Aucun lecteur de carte n'est branché.")
        reader = readers[0]
    return PcscConnection(reader)


def _with_card(reader: str | None, work: Callable[[PivClient], T]) -> T:
    connection = open_connection(reader)
    try:
        return work(PivClient(connection))
    finally:
        connection.close()


def init_authority(data_dir: Path, name: str) -> CardRegister:
    """Create the station's card authority, its empty register and its cached trust."""
    now = utc_now()
    register = CardRegister.create(data_dir / AUTHORITY_DIR, name, now)
    save_trust(data_dir / TRUST_DIR, register.authority(), now)
    return register


@contextlib.contextmanager
def card_service(
    args: argparse.Namespace, data_dir: Path, escrow_key: Path | None = None
) -> Iterator[CardLifeService]:
    """The service over this station's authority, trust store and vault (closed after).

    ``escrow_key`` (the escrow's private key, on the technician's medium) lets the service
    open the vault's blind index, to register a new beneficiary.
    """
    register = CardRegister(data_dir / AUTHORITY_DIR)
    if not register.exists():
        raise CliFail("Pas d'autorité des cartes ici : lancez « kiosk card authority-init ».")
    environ = dict(os.environ, KIOSK_DATA_DIR=str(data_dir))
    settings = load_settings(getattr(args, "station_file", None), environ)
    escrow_public = (
        None
        if settings.escrow_public_key is None
        else load_public_key(settings.escrow_public_key.read_bytes())
    )
    vault = open_vault(data_dir, settings.station_id, escrow_public)
    try:
        index = None
        if escrow_key is not None:
            index = index_from_escrow(vault, load_escrow_key(escrow_key), args.actor)
        yield CardLifeService(
            register,
            vault,
            load_trust(data_dir / TRUST_DIR),
            trust_dir=data_dir / TRUST_DIR,
            outbox=data_dir / OUTBOX_DIR,
            blank=BLANK,
            index_key=index,
            clock=utc_now,
        )
    finally:
        vault.db.close()


def _explain(error: KioskError) -> str:
    """The French words for a typed error of the card tools."""
    if isinstance(error, WrongPin):
        code = "PUK" if error.puk else "PIN"
        return f"Code {code} incorrect : encore {error.tries_left} essai(s)."
    if isinstance(error, PinBlocked):
        if error.puk:
            return "Le code PUK est bloqué : la carte doit être remplacée (kiosk card reissue)."
        return "Le code PIN est bloqué : débloquez la carte avec le PUK (kiosk card unblock)."
    words: dict[type[KioskError], str] = {
        InvalidCardNumber: "Numéro de carte invalide : 6 chiffres ou lettres, comme 000YSZ.",
        InvalidName: "Le nom est vide.",
        NoSuchCard: "Aucune carte émise ici ne correspond à ce numéro et à ce nom.",
        CardNumberTaken: "Ce numéro de carte est déjà attribué.",
        CardAlreadyReplaced: "Cette carte a déjà été remplacée.",
        NoVaultForBeneficiary: "Pour la carte d'un usager, donnez la clé de séquestre "
        "(--escrow-key) : son coffre est créé avec la carte.",
        NoEscrowKey: "Cette station n'a pas de clé de séquestre publique (escrow_public_key).",
        CardRemoved: "La carte a été retirée du lecteur.",
        CardRevoked: "Cette carte est révoquée.",
        NotOurCard: "Cette carte n'est pas une carte du service.",
    }
    if isinstance(error, NotABlankCard):
        if error.reason == "issued":
            return "Cette carte est déjà émise : posez une carte vierge."
        return "Cette carte n'est pas une carte vierge du service (clés d'usine différentes)."
    if isinstance(error, EscrowKeyProblem):
        return {
            "missing": "Donnez la clé de séquestre (--escrow-key) pour déplacer le coffre.",
            "unreadable": "Le fichier de la clé de séquestre est illisible.",
        }.get(error.reason, "Ce n'est pas la clé de séquestre de cette station.")
    for kind, text in words.items():
        if isinstance(error, kind):
            return text
    return f"Échec : {error}"


def _run(command: Callable[[], int]) -> int:
    try:
        return command()
    except CliFail as fail:
        print(fail)
    except KioskError as error:
        print(_explain(error))
    return 1


def _report_issue(result: IssueResult, sheet: Path | None, service: CardLifeService) -> None:
    entry = result.entry
    path = sheet or service.save_sheet(entry.card_number, result.sheet)
    if sheet is not None:
        sheet.write_bytes(result.sheet)
    print(f"Carte {entry.card_number} émise ({entry.role.value}).")
    print(f"Identifiant du titulaire : {entry.holder_id}")
    key = result.card.certificates[Slot.KEY_MANAGEMENT].public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
    )
    print("Clé de chiffrement (9D) :", point.hex())
    print(f"Fiche explicative : {path}")


def cmd_authority_init(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card authority-init``."""
    init_authority(data_dir, args.name)
    print(f"Autorité des cartes créée dans {data_dir / AUTHORITY_DIR}.")
    return 0


def cmd_issue(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card issue``: personalise the blank card in the reader."""

    def command() -> int:
        details = HolderDetails(
            HolderRole(args.role), args.family_name, args.given_names, args.structure
        )
        with card_service(args, data_dir, args.escrow_key) as service:
            result = _with_card(
                args.reader,
                lambda piv: service.issue(
                    piv,
                    details,
                    args.pin,
                    args.puk,
                    actor=args.actor,
                    card_number=args.card_number,
                ),
            )
            _report_issue(result, args.sheet, service)
        return 0

    return _run(command)


def cmd_reissue(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card reissue NUMBER``: a new card (blank, in the reader) for the same holder."""

    def command() -> int:
        escrow = None if args.escrow_key is None else load_escrow_key(args.escrow_key)
        with card_service(args, data_dir) as service:
            result = _with_card(
                args.reader,
                lambda piv: service.reissue(
                    piv, args.card_number, args.pin, args.puk, actor=args.actor, escrow=escrow
                ),
            )
            print(f"Carte {result.entry.replaces} révoquée et remplacée.")
            _report_issue(result, args.sheet, service)
        return 0

    return _run(command)


def cmd_revoke(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card revoke NUMBER``."""

    def command() -> int:
        with card_service(args, data_dir) as service:
            entry = service.revoke(args.card_number, actor=args.actor)
        print(f"Carte {entry.card_number} révoquée ({entry.revoked_at}).")
        return 0

    return _run(command)


def cmd_unblock(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card unblock``: the agent, after checking identity, resets the PIN with the PUK."""

    def command() -> int:
        with card_service(args, data_dir) as service:
            holder = _with_card(
                args.reader,
                lambda piv: service.unblock(piv, args.puk, args.new_pin, actor=args.actor),
            )
        print(f"Carte {holder.card_number} débloquée : le nouveau code est actif.")
        return 0

    return _run(command)


def cmd_lookup(args: argparse.Namespace, data_dir: Path) -> int:
    """``kiosk card lookup NUMBER NAME``: the card of a person, by number and family name."""

    def command() -> int:
        with card_service(args, data_dir) as service:
            entry = service.lookup(args.card_number, args.family_name)
        state = "valide" if entry.valid else f"révoquée le {entry.revoked_at}"
        print(f"Carte {entry.card_number} ({entry.role.value}), émise le {entry.issued_at}.")
        print(f"État : {state}.")
        if entry.replaced_by:
            print(f"Remplacée par la carte {entry.replaced_by}.")
        print(f"Identifiant du titulaire : {entry.holder_id}")
        return 0

    return _run(command)


def _secrets(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pin", required=True, help="code choisi par le titulaire (6 à 8 chiffres)"
    )
    parser.add_argument("--puk", required=True, help="code de déblocage (8 chiffres)")
    parser.add_argument("--reader", default=None, help="lecteur de la carte vierge")
    parser.add_argument("--sheet", type=Path, default=None, help="fiche explicative (PDF)")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``kiosk card``."""
    card_parser = sub.add_parser("card", help="cartes : émettre, révoquer, remplacer, débloquer")
    card_parser.add_argument("--actor", default=DEFAULT_ACTOR, help="qui agit (journal)")
    card = card_parser.add_subparsers(dest="card_command", required=True)
    init = card.add_parser("authority-init", help="créer l'autorité des cartes de la station")
    init.add_argument("--name", default="Autorité des cartes de la station")
    init.set_defaults(card_func=cmd_authority_init)
    issue = card.add_parser("issue", help="émettre la carte vierge posée dans le lecteur")
    issue.add_argument("--role", choices=[r.value for r in HolderRole], required=True)
    issue.add_argument("--family-name", required=True, help="nom de famille du titulaire")
    issue.add_argument("--given-names", default="")
    issue.add_argument("--structure", default="")
    issue.add_argument("--card-number", default=None)
    issue.add_argument("--escrow-key", type=Path, default=None, help="clé de séquestre (usager)")
    _secrets(issue)
    issue.set_defaults(card_func=cmd_issue)
    reissue = card.add_parser("reissue", help="remplacer une carte perdue (carte vierge posée)")
    reissue.add_argument("card_number")
    reissue.add_argument("--escrow-key", type=Path, default=None, help="clé de séquestre (usager)")
    _secrets(reissue)
    reissue.set_defaults(card_func=cmd_reissue)
    revoke = card.add_parser("revoke", help="révoquer une carte perdue")
    revoke.add_argument("card_number")
    revoke.set_defaults(card_func=cmd_revoke)
    unblock = card.add_parser("unblock", help="débloquer une carte avec le PUK")
    unblock.add_argument("--puk", required=True)
    unblock.add_argument("--new-pin", required=True)
    unblock.add_argument("--reader", default=None)
    unblock.set_defaults(card_func=cmd_unblock)
    lookup = card.add_parser("lookup", help="retrouver une carte par son numéro et le nom")
    lookup.add_argument("card_number")
    lookup.add_argument("family_name")
    lookup.set_defaults(card_func=cmd_lookup)
    add_virtual(card)
