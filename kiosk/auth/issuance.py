"""A card's life at the station: issue, revoke, reissue.

Issuing happens on the card itself: its keys are generated inside it (GENERATE, after the
9B management-key authentication), the station's card authority certifies them, and the
CHUID and certificates are written with PUT DATA. PIN and PUK are then set from the blank
card's defaults. Every step goes through ``PivClient``: the virtual card and a real card
are treated alike.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509

from kiosk.auth.authority import CardAuthority
from kiosk.auth.identity import Holder, HolderRole
from kiosk.hardware.piv import CHUID, PivClient, Slot
from kiosk.hardware.tlv import encode

# Crockford's base32 without I, L, O, U: no letter is read as a digit, or the other way.
CARD_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# FASC-N of a non-federal issuer (agency code 9999), as OpenSC expects to take the GUID
# for the token serial; the rest of the FASC-N is not used by the kiosk.
_FASCN_9999 = bytes.fromhex("D4E739DA739CED39CE739D836858210842108421C84210C3EB")


def new_card_number() -> str:
    """A short human card number like ``000YSZ`` (about a billion of them)."""
    return "".join(secrets.choice(CARD_NUMBER_ALPHABET) for _ in range(6))


@dataclass(frozen=True, slots=True)
class BlankCard:
    """The secrets a new card comes with (from the card maker)."""

    pin: str
    puk: str
    management_key: bytes


@dataclass(frozen=True, slots=True)
class IssuedCard:
    """What issuing wrote on the card."""

    holder: Holder
    certificates: dict[Slot, x509.Certificate]

    @property
    def serials(self) -> list[int]:
        """The certificate serials, to revoke them all if the card is lost."""
        return [c.serial_number for c in self.certificates.values()]


def chuid_value(guid: bytes, expiry: dt.date) -> bytes:
    """The CHUID object: FASC-N, GUID, expiry, empty signature, end marker."""
    return (
        encode(0x30, _FASCN_9999)
        + encode(0x34, guid)
        + encode(0x35, expiry.strftime("%Y%m%d").encode("ascii"))
        + encode(0x3E, b"")
        + encode(0xFE, b"")
    )


def issue_card(
    piv: PivClient,
    authority: CardAuthority,
    blank: BlankCard,
    *,
    role: HolderRole,
    holder_id: str,
    card_number: str,
    pin: str,
    puk: str,
    now: dt.datetime,
    display_name: str = "",
    structure_id: str = "",
) -> IssuedCard:
    """Personalise a blank card for a holder.

    Raises:
        SecurityNotSatisfied / NotOurCard: the management key is not the card's.
        WrongPin: the blank card's PIN or PUK is not the one given.
    """
    piv.select()
    piv.authenticate_management(blank.management_key)
    guid = secrets.token_bytes(16)
    holder = Holder(holder_id, role, card_number, guid, display_name, structure_id)
    piv.put_data(CHUID, chuid_value(guid, (now + dt.timedelta(days=5 * 365)).date()))
    certificates = {}
    for slot in (
        Slot.AUTHENTICATION,
        Slot.SIGNATURE,
        Slot.KEY_MANAGEMENT,
        Slot.CARD_AUTHENTICATION,
    ):
        certificate = authority.issue(piv.generate(slot), holder, slot, now)
        piv.put_certificate(slot, certificate)
        certificates[slot] = certificate
    piv.change_reference(blank.puk, puk, puk=True)
    piv.change_reference(blank.pin, pin)
    return IssuedCard(holder, certificates)
