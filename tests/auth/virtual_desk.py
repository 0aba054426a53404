"""A station for card-tool tests: a card authority, a vault with an escrow, the card service,
and virtual PIV cards reached in this process through a tiny ``SmartCardConnection``."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import TrustStore, load_trust, save_trust
from kiosk.auth.card_desk import CardDesk
from kiosk.auth.card_life import (
    CardLifeService,
    HolderDetails,
    IssueResult,
    index_from_escrow,
)
from kiosk.auth.card_register import CardRegister
from kiosk.auth.identity import HolderRole
from kiosk.auth.login import CardIdentity, LoginService
from kiosk.domain.audit import AuditOp
from kiosk.hardware.card import CardRemoved
from kiosk.hardware.piv import PivClient
from kiosk.hardware.reader_thread import ReaderThread
from kiosk.hardware.virtual_card import CardPulled, VirtualPivCard
from kiosk.vault.factory import open_vault
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import Vault

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
STATION = "station-test"
PIN, NEW_PIN, PUK = "258046", "602413", "73915820"
ZOE = HolderDetails(HolderRole.BENEFICIARY, "Lefèvre-Ngoma", "Zoé Marie")
CAMILLE = HolderDetails(HolderRole.AGENT, "Martin", "Camille", "cms-belleville")
SESSION_READER, DESK_READER = "Lecteur de la session 00", "Lecteur du bureau 01"


class InProcessConnection:
    """A ``SmartCardConnection`` to a virtual card in this process (no pcscd)."""

    def __init__(self, card: VirtualPivCard, reader: str = DESK_READER) -> None:
        self._card = card
        self._reader = reader
        self.closed = False
        card.power_on()

    @property
    def reader(self) -> str:
        return self._reader

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self.closed:
            raise CardRemoved(self._reader, "connection closed")
        try:
            response = self._card.process(apdu)
        except CardPulled as exc:
            raise CardRemoved(self._reader, "pulled out") from exc
        return response[:-2], int.from_bytes(response[-2:], "big")

    def close(self) -> None:
        self.closed = True
        self._card.reset()


class PivKey:
    """The vault's ``KeyAgreement`` done by a card's 9D key (PIN verified before)."""

    def __init__(self, piv: PivClient, public: ec.EllipticCurvePublicKey) -> None:
        self._piv = piv
        self._public = public

    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self._public

    def exchange(self, peer: ec.EllipticCurvePublicKey) -> bytes:
        return self._piv.ecdh(peer)


@dataclass
class Station:
    """A station with a card authority, a vault with an escrow, and the card service.

    Attributes:
        on_desk: the card in the desk reader (None: the reader is empty).
        connects: the thread name of every desk connection.
    """

    data_dir: Path
    vault: Vault
    escrow: SoftwareKeyAgreement
    register: CardRegister
    trust: TrustStore
    service: CardLifeService
    login: LoginService
    cards: Path
    on_desk: VirtualPivCard | None = None
    connects: list[str] = field(default_factory=list)

    def blank(self, name: str = "blank") -> VirtualPivCard:
        return VirtualPivCard.blank(self.cards / f"{name}.json")

    def piv(self, card: VirtualPivCard) -> PivClient:
        return PivClient(InProcessConnection(card))

    def issue(
        self, card: VirtualPivCard, details: HolderDetails = ZOE, card_number: str | None = None
    ) -> IssueResult:
        """Issues ``card`` directly with the service (PIN ``PIN``, PUK ``PUK``)."""
        return self.service.issue(
            self.piv(card), details, PIN, PUK, actor="tech-1", card_number=card_number
        )

    def log_in(self, card: VirtualPivCard, pin: str = PIN) -> tuple[PivClient, CardIdentity]:
        """The station's login checks on a fresh insertion of ``card``."""
        piv = self.piv(card)
        identity = self.login.identify(piv)
        self.login.unlock(piv, identity, pin)
        return piv, identity

    def audit(self) -> list[tuple[str, AuditOp, str]]:
        with self.vault.db.transaction() as s:
            return [(e.actor, e.op, e.object) for e, _hash in self.vault.journal.rows(s)]

    def escrow_file(self) -> Path:
        path = self.data_dir.parent / "medium" / "escrow.key.pem"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(
            self.escrow._key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return path

    def desk(self, thread: ReaderThread) -> CardDesk:
        """Two readers: the session's (never used) and the desk's, holding ``on_desk``."""

        def connect(reader: str) -> InProcessConnection:
            self.connects.append(threading.current_thread().name)
            if reader != DESK_READER or self.on_desk is None:
                raise CardRemoved(reader, "no card")
            return InProcessConnection(self.on_desk, reader)

        return CardDesk(
            thread, lambda: [SESSION_READER, DESK_READER], connect, lambda: {SESSION_READER}
        )


def make_station(tmp_path: Path) -> Station:
    """A new station under ``tmp_path`` (close ``station.vault.db`` afterwards)."""
    data_dir = tmp_path / "data"
    escrow = SoftwareKeyAgreement.generate()
    vault = open_vault(data_dir, STATION, escrow.public_key())
    register = CardRegister.create(data_dir / "authority", "Autorité de test", NOW)
    save_trust(data_dir / "trust", register.authority(), NOW)
    trust = load_trust(data_dir / "trust")
    service = CardLifeService(
        register,
        vault,
        trust,
        trust_dir=data_dir / "trust",
        outbox=data_dir / "outbox",
        index_key=index_from_escrow(vault, escrow, "tech-1"),
        clock=lambda: NOW,
    )
    cards = tmp_path / "cards"
    cards.mkdir()
    login = LoginService(trust, STATION, lambda: NOW)
    return Station(data_dir, vault, escrow, register, trust, service, login, cards)
