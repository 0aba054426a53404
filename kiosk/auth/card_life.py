"""A card's life, shared by the ``kiosk card`` command and the technician's and agent's screens.

* issue: a blank card on the desk gets its keys, certificates, CHUID, PIN and PUK; the
  register records it, a beneficiary's vault is created for it, and its explanatory sheet
  is made (PDF);
* revoke: a lost card's certificates go on the revocation list; the station's cached trust
  material and the live trust store of the login take it at once, so the card is refused
  offline from that moment;
* reissue: a new card for the same holder; a beneficiary's vault keys are wrapped to the new
  card through the escrow recipient and taken from the old one, and the old card is revoked;
* unblock: at the counter, after checking the person's identity, the PUK sets a new PIN;
* lookup: an agent finds a card by its printed number and the holder's family name.

Each change is an audit event of the vault's journal. Card work runs on the reader thread
(:mod:`kiosk.auth.card_desk`); nothing here blocks a GUI, and nothing here words an error.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import TrustStore, save_trust
from kiosk.auth.card_desk import WrongCardOnDesk
from kiosk.auth.card_register import (
    CardNumberTaken,
    CardRegister,
    NoSuchCard,
    RegisterEntry,
    normalise_printed_number,
)
from kiosk.auth.identity import Holder, HolderRole
from kiosk.auth.issuance import BlankCard, IssuedCard, issue_card, new_card_number
from kiosk.auth.sheet import explanatory_sheet
from kiosk.domain.audit import AuditOp
from kiosk.domain.errors import KioskError, UserFacingError
from kiosk.domain.normalise import normalise_name
from kiosk.domain.primitives import utc_iso
from kiosk.hardware.card import (
    ApduError,
    NotOurCard,
    PinBlocked,
    WrongPin,
)
from kiosk.hardware.piv import PivClient, Slot
from kiosk.vault.keys import new_id
from kiosk.vault.recipients import KeyAgreement, SoftwareKeyAgreement, fingerprint
from kiosk.vault.vault import IndexKey, Vault

#: A blank card's factory secrets (the virtual card's too); real batches come with their own.
FACTORY_BLANK = BlankCard(pin="123456", puk="12345678", management_key=bytes(range(1, 33)))
SHEET_PREFIX = "fiche-"
#: Where, under the station's data directory, the authority and register live.
AUTHORITY_DIR = "authority"
#: Where, under the station's data directory, the sheets wait to be printed.
OUTBOX_DIR = "outbox"

# -- errors ----------------------------------------------------------------------------------


class NotABlankCard(UserFacingError):
    """The card on the desk cannot be issued.

    Attributes:
        reason: "issued" (it already holds certificates), "not_piv", or "factory_secrets"
            (its management key, PIN or PUK are not the blank card's).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"not a blank card ({reason}): {detail}".rstrip(": "))
        self.reason = reason
        self.detail = detail


class InvalidSecret(UserFacingError):
    """A new PIN or a PUK is not 6 to 8 digits (a PUK: 8)."""

    def __init__(self, puk: bool) -> None:
        super().__init__(f"invalid {'PUK' if puk else 'PIN'} format")
        self.puk = puk


class CardAlreadyReplaced(UserFacingError):
    """The card was already replaced by another one; reissue that one if it is lost too."""

    def __init__(self, card_number: str, replaced_by: str) -> None:
        super().__init__(f"card {card_number} already replaced by {replaced_by}")
        self.card_number = card_number
        self.replaced_by = replaced_by


class EscrowKeyProblem(UserFacingError):
    """The escrow private key, needed to move a beneficiary's vault, is missing or wrong.

    Attributes:
        reason: "missing" (none given), "unreadable" (not a P-256 private key file),
            "mismatch" (not the escrow key this station's vault is wrapped to).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"escrow key problem: {reason}")
        self.reason = reason


class NoVaultForBeneficiary(UserFacingError):
    """A beneficiary's card cannot be issued: the station cannot open the vault index."""

    def __init__(self) -> None:
        super().__init__("no index key to register the beneficiary in the vault")


# -- what the service takes and gives ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HolderDetails:
    """Who a new card is for, as typed by the technician.

    Attributes:
        role: what the card lets its holder do.
        family_name: the family name (only a keyed hash of it is kept in the register).
        given_names: the given names.
        structure_id: a member of staff's structure.
    """

    role: HolderRole
    family_name: str
    given_names: str = ""
    structure_id: str = ""

    @property
    def display_name(self) -> str:
        """The name written in a member of staff's certificates (none for a beneficiary)."""
        if not self.role.is_staff:
            return ""
        return " ".join(f"{self.given_names} {self.family_name}".split())


@dataclass(frozen=True, slots=True)
class IssueResult:
    """A new card: what is on it, its register entry and its explanatory sheet (PDF)."""

    card: IssuedCard
    entry: RegisterEntry
    sheet: bytes


def check_secret(value: str, *, puk: bool = False) -> str:
    """Return a PIN (6 to 8 digits) or a PUK (8 digits) unchanged.

    Raises:
        InvalidSecret: otherwise.
    """
    low = 8 if puk else 6
    if not (value.isascii() and value.isdigit() and low <= len(value) <= 8):
        raise InvalidSecret(puk)
    return value


def load_escrow_key(path: Path) -> SoftwareKeyAgreement:
    """The escrow private key from its PEM file (on the technician's removable medium).

    Raises:
        EscrowKeyProblem: "unreadable".
    """
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise EscrowKeyProblem("unreadable")
        return SoftwareKeyAgreement(key)
    except (OSError, ValueError, TypeError) as exc:
        raise EscrowKeyProblem("unreadable") from exc


def index_from_escrow(vault: Vault, escrow: KeyAgreement, actor: str) -> Callable[[], IndexKey]:
    """An ``index_key`` for the service: the vault's blind-index key, opened by the escrow.

    The index key is created (wrapped to the escrow) the first time.
    """

    def unlock() -> IndexKey:
        if fingerprint(escrow.public_key()) != vault.escrow.fp:
            raise EscrowKeyProblem("mismatch")
        vault.ensure_index_key(actor)
        return vault.unlock_index(escrow)

    return unlock


# -- the service -------------------------------------------------------------------------------


class CardLifeService:
    """Issue, revoke, reissue, unblock and look up cards (see the module's docstring).

    Call it from one thread at a time: the screens use the desk's reader thread, the
    command line its own.
    """

    def __init__(
        self,
        register: CardRegister,
        vault: Vault,
        trust: TrustStore,
        *,
        trust_dir: Path,
        outbox: Path,
        blank: BlankCard = FACTORY_BLANK,
        index_key: Callable[[], IndexKey] | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        """Wire the service.

        Args:
            register: the authority and its register of issued cards.
            vault: where beneficiaries' keys live and audit events are journaled.
            trust: the live trust store of the station's login (revocations reach it).
            trust_dir: where the station caches its trust material for offline use.
            outbox: where explanatory sheets are written for printing.
            blank: the factory secrets of the blank cards.
            index_key: unlocks the vault's blind-index key, to register a new beneficiary;
                without it only staff cards can be issued.
            clock: the station's clock.
        """
        self.register = register
        self.vault = vault
        self.trust = trust
        self.trust_dir = trust_dir
        self.outbox = outbox
        self.blank = blank
        self._index_key = index_key
        self._clock = clock

    # -- look-up -------------------------------------------------------------------------------

    def lookup(self, card_number: str, family_name: str) -> RegisterEntry:
        """The card of a person, from the printed number and their family name.

        Raises:
            InvalidCardNumber, InvalidName: what was typed cannot be a number or a name.
            NoSuchCard: no such card here, or the name is not the holder's.
        """
        number = normalise_printed_number(card_number)
        normalise_name(family_name)
        entry = self.register.get(number)
        if not self.register.name_matches(entry, family_name):
            raise NoSuchCard(number, "name")
        return entry

    # -- issue ---------------------------------------------------------------------------------

    def issue(
        self,
        piv: PivClient,
        details: HolderDetails,
        pin: str,
        puk: str,
        *,
        actor: str,
        card_number: str | None = None,
        language: str = "fr",
    ) -> IssueResult:
        """Personalise the blank card in ``piv`` for a new holder.

        A beneficiary is registered in the vault at once: their keys are wrapped to the
        card's 9D key and to the escrow.

        Raises:
            InvalidSecret, InvalidCardNumber, InvalidName, CardNumberTaken: bad input.
            NoVaultForBeneficiary: a beneficiary, and no index key to register them.
            NotABlankCard: the card is already issued, or not a blank PIV card.
            CardRemoved: the card left the reader.
        """
        token = self.register.name_token(details.family_name)
        index = None
        if details.role is HolderRole.BENEFICIARY:
            if self._index_key is None:
                raise NoVaultForBeneficiary()
            index = self._index_key()
        try:
            result = self._issue(
                piv, details, pin, puk, new_id(), token, actor, card_number, language
            )
            if index is not None:
                self.vault.create_beneficiary(
                    {"nom": details.family_name, "prenoms": details.given_names},
                    family_name=details.family_name,
                    given_names=details.given_names,
                    card_number=result.entry.card_number,
                    card_key=self._key_management(result.card),
                    index=index,
                    actor=actor,
                    beneficiary_id=result.entry.holder_id,
                )
        finally:
            if index is not None:
                index.wipe()
        return result

    def _issue(
        self,
        piv: PivClient,
        details: HolderDetails,
        pin: str,
        puk: str,
        holder_id: str,
        name_token: str,
        actor: str,
        card_number: str | None,
        language: str,
        replaces: str | None = None,
    ) -> IssueResult:
        check_secret(pin)
        check_secret(puk, puk=True)
        taken = self.register.entries()
        if card_number is not None:
            number = normalise_printed_number(card_number)
            if number in taken:
                raise CardNumberTaken(number)
        else:
            number = new_card_number()
            while number in taken:
                number = new_card_number()
        now = self._clock()
        self._check_blank(piv)
        try:
            issued = issue_card(
                piv,
                self.register.authority(),
                self.blank,
                role=details.role,
                holder_id=holder_id,
                card_number=number,
                pin=pin,
                puk=puk,
                now=now,
                display_name=details.display_name,
                structure_id=details.structure_id,
            )
        except (NotOurCard, ApduError, WrongPin, PinBlocked) as exc:
            raise NotABlankCard("factory_secrets", str(exc)) from exc
        entry = RegisterEntry(
            card_number=number,
            holder_id=holder_id,
            role=details.role,
            serials=tuple(issued.serials),
            key_fp=fingerprint(self._key_management(issued)),
            name_token=name_token,
            issued_at=utc_iso(now),
            display_name=details.display_name,
            structure_id=details.structure_id,
            replaces=replaces,
        )
        self.register.put(entry)
        what = f"card:{number}" + (f";replaces=card:{replaces}" if replaces else "")
        self.vault.record(actor, AuditOp.CARD_ISSUE, what)
        return IssueResult(issued, entry, explanatory_sheet(number, details.role, language))

    def _check_blank(self, piv: PivClient) -> None:
        try:
            piv.select()
        except NotOurCard as exc:
            raise NotABlankCard("not_piv", str(exc)) from exc
        for slot in Slot:
            try:
                present = piv.certificate(slot) is not None
            except KioskError:
                present = True  # something unreadable is there: not a blank card
            if present:
                raise NotABlankCard("issued", f"slot {slot.name} holds a certificate")

    @staticmethod
    def _key_management(issued: IssuedCard) -> ec.EllipticCurvePublicKey:
        key = issued.certificates[Slot.KEY_MANAGEMENT].public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):  # issue_card writes P-256 only
            raise NotOurCard("untrusted", "key-management key is not P-256")
        return key

    def save_sheet(self, card_number: str, sheet: bytes) -> Path:
        """Write a card's explanatory sheet to the outbox for printing; return its path."""
        number = normalise_printed_number(card_number)
        self.outbox.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.outbox / f"{SHEET_PREFIX}{number}.pdf"
        fd = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(sheet)
        return path

    # -- revoke and reissue ----------------------------------------------------------------------

    def revoke(self, card_number: str, *, actor: str) -> RegisterEntry:
        """Revoke every certificate of a card (lost, stolen, replaced).

        The cached revocation list and the live trust store are refreshed at once. Revoking
        a card already revoked changes nothing.

        Raises:
            InvalidCardNumber, NoSuchCard.
        """
        entry = self.register.get(normalise_printed_number(card_number))
        if not entry.valid:
            return entry
        now = self._clock()
        entry = self.register.update(entry.card_number, revoked_at=utc_iso(now))
        authority = self.register.authority()
        save_trust(self.trust_dir, authority, now)
        self.trust.add_crl(authority.crl(now))
        self.vault.record(actor, AuditOp.CARD_REVOKE, f"card:{entry.card_number}")
        return entry

    def reissue(
        self,
        piv: PivClient,
        card_number: str,
        pin: str,
        puk: str,
        *,
        actor: str,
        escrow: KeyAgreement | None,
        language: str = "fr",
    ) -> IssueResult:
        """A new card for the holder of ``card_number``, in place of the old one.

        A beneficiary's vault keys move to the new card through the escrow (``escrow`` is
        the escrow's private key, brought by the technician); the old card loses them and
        is revoked.

        Raises:
            InvalidCardNumber, NoSuchCard, CardAlreadyReplaced, EscrowKeyProblem,
            InvalidSecret, NotABlankCard, CardRemoved.
        """
        old = self.register.get(normalise_printed_number(card_number))
        if old.replaced_by is not None:
            raise CardAlreadyReplaced(old.card_number, old.replaced_by)
        beneficiary = old.role is HolderRole.BENEFICIARY
        if beneficiary:
            if escrow is None:
                raise EscrowKeyProblem("missing")
            if fingerprint(escrow.public_key()) != self.vault.escrow.fp:
                raise EscrowKeyProblem("mismatch")
        # The old certificates' names: a member of staff's display name is kept as it was.
        details = HolderDetails(old.role, old.display_name, structure_id=old.structure_id)
        result = self._issue(
            piv,
            details,
            pin,
            puk,
            old.holder_id,
            old.name_token,
            actor,
            None,
            language,
            replaces=old.card_number,
        )
        if beneficiary and escrow is not None:
            self.vault.move_to_new_card(
                old.holder_id, escrow, old.key_fp, self._key_management(result.card), actor
            )
        self.revoke(old.card_number, actor=actor)
        self.register.update(old.card_number, replaced_by=result.entry.card_number)
        return result

    # -- unblock -----------------------------------------------------------------------------

    def unblock(
        self,
        piv: PivClient,
        puk: str,
        new_pin: str,
        *,
        actor: str,
        card_number: str | None = None,
    ) -> Holder:
        """Set a new PIN on a blocked card with its PUK; returns whom the card names.

        ``card_number``, when given, is the card the agent looked up: another card on the
        desk is left alone.

        Raises:
            InvalidSecret: the PUK or the new PIN has the wrong form.
            NotOurCard, CardRevoked: not a valid card of ours.
            WrongCardOnDesk: not the card looked up.
            WrongPin(puk=True): wrong PUK (``tries_left`` more before it blocks).
            PinBlocked(puk=True): the PUK is blocked: the card must be replaced.
            CardRemoved.
        """
        check_secret(puk, puk=True)
        check_secret(new_pin)
        piv.select()
        certificate = piv.certificate(Slot.AUTHENTICATION)
        if certificate is None:
            raise NotOurCard("untrusted", "no authentication certificate")
        holder = self.trust.check(certificate, Slot.AUTHENTICATION, self._clock())
        if card_number is not None and holder.card_number != card_number:
            raise WrongCardOnDesk(card_number, holder.card_number)
        piv.unblock(puk, new_pin)
        self.vault.record(actor, AuditOp.CARD_UNBLOCK, f"card:{holder.card_number}")
        return holder


def station_card_life(
    data_dir: Path,
    vault: Vault,
    trust: TrustStore,
    trust_dir: Path,
    *,
    index_key: Callable[[], IndexKey] | None = None,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> CardLifeService | None:
    """The card-life service of a station, or None when it holds no card authority.

    Args:
        data_dir: the station's data directory (``authority/`` and ``outbox/`` in it).
        vault: the station's vault.
        trust: the live trust store of the login (the one the session manager checks with).
        trust_dir: where the station caches its trust material.
        index_key: unlocks the vault's blind index (needed to issue a beneficiary's card).
        clock: the station's clock.
    """
    register = CardRegister(data_dir / AUTHORITY_DIR)
    if not register.exists():
        return None
    return CardLifeService(
        register,
        vault,
        trust,
        trust_dir=trust_dir,
        outbox=data_dir / OUTBOX_DIR,
        index_key=index_key,
        clock=clock,
    )
