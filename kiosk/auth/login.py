"""Logging in with a card: identify it, prove it is not a clone, check the PIN, prove it again.

1. SELECT, read the CHUID and the 9A, 9D and 9E certificates; check each against the
   trusted card authority and the revocation list (both cached, so this works offline);
   all three must name the same holder, card number and the CHUID's GUID.
2. 9E challenge (no PIN): the card signs a fresh nonce with its card-authentication key.
   A copy of the CHUID and certificates on a blank card cannot (SP 800-116 PKI-CAK).
3. The person types the PIN; VERIFY (the card counts the tries, we never retry).
4. 9A signature over ``station id || nonce || time``, verified with the 9A certificate.
Every step runs on the reader thread.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import TrustStore
from kiosk.auth.identity import Holder
from kiosk.hardware.card import NotOurCard
from kiosk.hardware.piv import PivClient, Slot
from kiosk.hardware.reader_thread import ReaderThread

_CARD_AUTH_LABEL = b"kiosk/card-auth/v1\x00"
_LOGIN_LABEL = b"kiosk/login/v1\x00"


@dataclass(frozen=True, slots=True)
class CardIdentity:
    """A card that passed steps 1 and 2."""

    holder: Holder
    reader: str
    certificates: dict[Slot, x509.Certificate]
    pin_tries: int | None  # None: already verified (should not happen on a fresh card)

    @property
    def key_management(self) -> ec.EllipticCurvePublicKey:
        """The 9D public key the vault wraps this holder's keys to."""
        key = self.certificates[Slot.KEY_MANAGEMENT].public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):  # identify() refuses such cards
            raise NotOurCard("untrusted", "key-management key is not P-256")
        return key


def _verify(certificate: x509.Certificate, signature: bytes, message: bytes) -> bool:
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return False
    try:
        key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


class LoginService:
    """The checks of a card login (no state of its own)."""

    def __init__(
        self, trust: TrustStore, station_id: str, clock: Callable[[], dt.datetime]
    ) -> None:
        self.trust = trust
        self.station_id = station_id
        self._clock = clock

    def identify(self, piv: PivClient) -> CardIdentity:
        """Steps 1 and 2.

        Raises:
            NotOurCard, CardRevoked, BadResponse, CardRemoved.
        """
        piv.select()
        chuid = piv.chuid()
        now = self._clock()
        certificates: dict[Slot, x509.Certificate] = {}
        holders = set()
        for slot in (Slot.CARD_AUTHENTICATION, Slot.AUTHENTICATION, Slot.KEY_MANAGEMENT):
            certificate = piv.certificate(slot)
            if certificate is None:
                raise NotOurCard("untrusted", f"no certificate in slot {slot.name}")
            if not isinstance(certificate.public_key(), ec.EllipticCurvePublicKey):
                raise NotOurCard("untrusted", f"slot {slot.name} key is not P-256")
            holders.add(self.trust.check(certificate, slot, now))
            certificates[slot] = certificate
        if len(holders) != 1:
            raise NotOurCard("mismatch", "the certificates name different holders")
        holder = holders.pop()
        if holder.guid != chuid.guid:
            raise NotOurCard("mismatch", "the certificates belong to another card")
        nonce = os.urandom(32)
        challenge = _CARD_AUTH_LABEL + self.station_id.encode() + b"\x00" + nonce
        proof = piv.sign(Slot.CARD_AUTHENTICATION, challenge)
        if not _verify(certificates[Slot.CARD_AUTHENTICATION], proof, challenge):
            raise NotOurCard("clone", "the card-authentication key does not match")
        return CardIdentity(holder, piv.connection.reader, certificates, piv.pin_tries())

    def unlock(self, piv: PivClient, identity: CardIdentity, pin: str) -> None:
        """Steps 3 and 4.

        Raises:
            WrongPin, PinBlocked, NotOurCard (the 9A proof fails), CardRemoved.
        """
        piv.verify(pin)
        stamp = struct.pack(">Q", int(self._clock().timestamp()))
        message = _LOGIN_LABEL + self.station_id.encode() + b"\x00" + os.urandom(32) + stamp
        proof = piv.sign(Slot.AUTHENTICATION, message)
        if not _verify(identity.certificates[Slot.AUTHENTICATION], proof, message):
            raise NotOurCard("clone", "the authentication key does not match")


class CardKeyAgreement:
    """The vault's ``KeyAgreement`` backed by the card's 9D key, on the reader thread."""

    def __init__(
        self, piv: PivClient, public: ec.EllipticCurvePublicKey, reader: ReaderThread
    ) -> None:
        self._piv = piv
        self._public = public
        self._reader = reader

    def public_key(self) -> ec.EllipticCurvePublicKey:
        """The 9D public key."""
        return self._public

    def exchange(self, peer: ec.EllipticCurvePublicKey) -> bytes:
        """ECDH done by the card (PIV GENERAL AUTHENTICATE on 9D)."""
        return self._reader.call(lambda: self._piv.ecdh(peer))
