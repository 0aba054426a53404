"""Card login end to end: virtual cards in the real pcscd, the real monitor and session manager.

Each test issues cards over APDUs, inserts them in the vpcd readers and follows the statuses
the session manager reports, as the UI would.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import CardAuthority, TrustStore
from kiosk.auth.card_workshop import BLANK, NOW, PIN, PUK, CardMaker, IssuedVirtualCard, connect
from kiosk.auth.identity import HolderRole
from kiosk.auth.issuance import chuid_value
from kiosk.auth.session import CardPhase, CardStatus
from kiosk.domain.audit import AuditOp
from kiosk.hardware.card import (
    BadResponse,
    CardRevoked,
    NotOurCard,
    PinBlocked,
    WrongPin,
)
from kiosk.hardware.piv import CHUID, PivClient, Slot
from kiosk.station import CardStack, build_card_stack
from kiosk.vault.errors import SessionClosed
from kiosk.vault.factory import open_vault
from kiosk.vault.journal import Journal
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.session import VaultSession
from kiosk.vault.vault import IndexKey, Vault

STATION = "station-test-01"


@dataclass
class Kiosk:
    """A station's card stack and vault, with the statuses the stack reported."""

    stack: CardStack
    vault: Vault
    index: IndexKey
    statuses: queue.Queue[CardStatus]

    def until(self, phase: CardPhase, timeout: float = 5.0) -> CardStatus:
        """The first status of ``phase``; the ones before are skipped."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.statuses.get(timeout=max(deadline - time.monotonic(), 0.001))
            if status.phase is phase:
                return status

    def start(self) -> None:
        """Watch the readers; the statuses of cards left by a previous test are dropped."""
        self.stack.start()
        self.quiet(0.3)

    def quiet(self, seconds: float = 0.5) -> list[CardStatus]:
        """The statuses reported in the next ``seconds``."""
        time.sleep(seconds)
        seen = []
        while not self.statuses.empty():
            seen.append(self.statuses.get_nowait())
        return seen

    def opened(self) -> object:
        """What the open session holds (the test looks inside the manager)."""
        active = self.stack.manager._active
        return None if active is None else active.opened

    def enrol(self, card: IssuedVirtualCard) -> None:
        """The beneficiary's vault entry, wrapped to the card's 9D key and the escrow."""
        key = card.issued.certificates[Slot.KEY_MANAGEMENT].public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        self.vault.create_beneficiary(
            {"nom": "Martin", "prenoms": "Léa"},
            family_name="Martin",
            given_names="Léa",
            card_number=card.issued.holder.card_number,
            card_key=key,
            index=self.index,
            actor="technicien-1",
            beneficiary_id=card.holder_id,
        )

    def journal_ops(self) -> list[AuditOp]:
        with self.vault.db.transaction() as s:
            return [event.op for event, _ in Journal.rows(s)]


def build_kiosk(tmp_path: Path, trust: TrustStore) -> Kiosk:
    escrow = SoftwareKeyAgreement.generate()
    vault = open_vault(tmp_path / "data", STATION, escrow.public_key(), frame_size=4096)
    vault.ensure_index_key("technicien-1")
    statuses: queue.Queue[CardStatus] = queue.Queue()
    stack = build_card_stack(
        tmp_path / "data", STATION, vault, statuses.put, trust=trust, clock=lambda: NOW
    )
    return Kiosk(stack, vault, vault.unlock_index(escrow), statuses)


@pytest.fixture
def kiosk(tmp_path: Path, authority: CardAuthority) -> Iterator[Kiosk]:
    """A station, not watching the readers yet: ``start()`` once the cards are issued.

    Issuing goes through the same virtual readers; a kiosk watching them would try to log
    in with each blank card as it is personalised.
    """
    station = build_kiosk(tmp_path, TrustStore([authority.certificate], [authority.crl(NOW)]))
    yield station
    station.stack.stop()
    station.vault.db.close()


def test_login_opens_the_vault_and_pulling_the_card_ends_it(
    kiosk: Kiosk, cards: CardMaker
) -> None:
    card = cards.issue("ben-0001")
    kiosk.enrol(card)
    kiosk.start()
    link = cards.link(card.state)
    cards.insert(link)
    assert kiosk.until(CardPhase.READING).reader == cards.reader()
    asking = kiosk.until(CardPhase.PIN)
    assert asking.tries_left == 3
    assert asking.holder == card.issued.holder
    kiosk.stack.manager.submit_pin(PIN)
    assert kiosk.until(CardPhase.OPEN).holder == card.issued.holder
    session = kiosk.opened()
    assert isinstance(session, VaultSession)
    assert session.profile()["nom"] == "Martin"  # keys unwrapped by the card (ECDH on 9D)
    assert 0 < kiosk.stack.manager.apdus_last_login <= 30

    pulled = time.monotonic()
    link.remove()
    kiosk.until(CardPhase.NO_CARD, timeout=2.0)
    assert time.monotonic() - pulled < 1.0
    assert kiosk.opened() is None
    with pytest.raises(SessionClosed):
        session.profile()
    ops = kiosk.journal_ops()
    assert AuditOp.LOGIN in ops and AuditOp.KEY_UNWRAP in ops


def test_wrong_pins_block_the_card_and_the_puk_unblocks_it(kiosk: Kiosk, cards: CardMaker) -> None:
    card = cards.issue("ben-0002", HolderRole.AGENT, display_name="Camille Martin")
    kiosk.start()
    link = cards.link(card.state)
    cards.insert(link)
    assert kiosk.until(CardPhase.PIN).tries_left == 3
    for left in (2, 1):
        kiosk.stack.manager.submit_pin("000000")
        status = kiosk.until(CardPhase.PIN)
        assert status.tries_left == left
        assert isinstance(status.error, WrongPin) and status.error.tries_left == left
    kiosk.stack.manager.submit_pin("000000")
    refused = kiosk.until(CardPhase.REFUSED)
    assert isinstance(refused.error, PinBlocked)
    assert kiosk.opened() is None

    # Pulled out and put back: still blocked (the card keeps its counter).
    link.remove()
    kiosk.until(CardPhase.NO_CARD)
    cards.insert(link)
    assert isinstance(kiosk.until(CardPhase.REFUSED).error, PinBlocked)
    link.remove()
    kiosk.until(CardPhase.NO_CARD)

    # At the counter: the agent's tool unblocks it with the PUK (another reader, own connection).
    counter = cards.link(card.state, slot=1)
    cards.insert(counter)
    connection = connect(cards.reader(1))
    try:
        piv = PivClient(connection)
        piv.select()
        with pytest.raises(WrongPin):
            piv.unblock("11111111", "482913")
        piv.unblock(PUK, "482913")
    finally:
        connection.close()
    cards.remove(counter)
    kiosk.until(CardPhase.NO_CARD)

    cards.insert(link)
    assert kiosk.until(CardPhase.PIN).tries_left == 3
    kiosk.stack.manager.submit_pin("482913")
    assert kiosk.until(CardPhase.OPEN).holder == card.issued.holder


def test_agent_card_names_the_agent_and_logout_keeps_the_card_in(
    kiosk: Kiosk, cards: CardMaker
) -> None:
    card = cards.issue(
        "agent-17", HolderRole.HEAD_OF_SERVICE, display_name="Inès Barka", structure_id="cms-3"
    )
    kiosk.start()
    link = cards.link(card.state)
    cards.insert(link)
    kiosk.until(CardPhase.PIN)
    kiosk.stack.manager.submit_pin(PIN)
    holder = kiosk.until(CardPhase.OPEN).holder
    assert holder is not None
    assert (holder.role, holder.display_name, holder.structure_id) == (
        HolderRole.HEAD_OF_SERVICE,
        "Inès Barka",
        "cms-3",
    )
    kiosk.stack.manager.logout("logout")
    assert kiosk.until(CardPhase.ENDED).reason == "logout"
    link.remove()
    kiosk.until(CardPhase.NO_CARD)


@pytest.mark.parametrize(
    ("quirk", "error"),
    [("garbage", BadResponse), ("truncated_tlv", BadResponse), ("not_piv", NotOurCard)],
)
def test_a_card_answering_badly_is_refused(
    kiosk: Kiosk, cards: CardMaker, quirk: str, error: type[Exception]
) -> None:
    card = cards.issue("ben-0003")
    kiosk.enrol(card)
    kiosk.start()
    cards.insert(cards.link(card.state, quirks=frozenset({quirk})))
    refused = kiosk.until(CardPhase.REFUSED)
    assert isinstance(refused.error, error)
    assert kiosk.opened() is None
    assert AuditOp.LOGIN not in kiosk.journal_ops()


def test_cards_of_another_authority_and_revoked_cards_are_refused(
    tmp_path: Path, cards: CardMaker, authority: CardAuthority
) -> None:
    foreign_authority = CardAuthority.create("Autorité des cartes de test", NOW)
    foreign = cards.issue("ben-0004", authority=foreign_authority)
    lost = cards.issue("ben-0005")
    for certificate in lost.issued.certificates.values():
        authority.revoke(certificate.serial_number, NOW)
    kiosk = build_kiosk(tmp_path, TrustStore([authority.certificate], [authority.crl(NOW)]))
    kiosk.start()
    try:
        link = cards.link(foreign.state)
        cards.insert(link)
        refused = kiosk.until(CardPhase.REFUSED)
        assert isinstance(refused.error, NotOurCard) and refused.error.reason == "untrusted"
        link.remove()
        kiosk.until(CardPhase.NO_CARD)
        cards.insert(cards.link(lost.state))
        assert isinstance(kiosk.until(CardPhase.REFUSED).error, CardRevoked)
    finally:
        kiosk.stack.stop()
        kiosk.vault.db.close()


def test_a_copy_of_the_public_objects_on_a_blank_card_is_a_clone(
    kiosk: Kiosk, cards: CardMaker
) -> None:
    genuine = cards.issue("ben-0006")
    copy_state = cards.blank()
    copier = cards.link(copy_state)
    cards.insert(copier)
    connection = connect(cards.reader())
    try:
        piv = PivClient(connection)
        piv.select()
        piv.authenticate_management(BLANK.management_key)
        piv.put_data(CHUID, chuid_value(genuine.issued.holder.guid, NOW.date()))
        for slot, certificate in genuine.issued.certificates.items():
            piv.generate(slot)  # keys of its own: the genuine private keys never leave the card
            piv.put_certificate(slot, certificate)
    finally:
        connection.close()
    cards.remove(copier)
    kiosk.start()
    cards.insert(cards.link(copy_state))
    refused = kiosk.until(CardPhase.REFUSED)
    assert isinstance(refused.error, NotOurCard) and refused.error.reason == "clone"


@pytest.mark.parametrize("quirk", ["pull_on_verify", "pull_on_sign"])
def test_card_pulled_out_in_the_middle_opens_nothing(
    kiosk: Kiosk, cards: CardMaker, quirk: str
) -> None:
    card = cards.issue("ben-0007")
    kiosk.enrol(card)
    kiosk.start()
    cards.link(card.state, quirks=frozenset({quirk})).insert()  # may leave at once
    if quirk == "pull_on_verify":
        kiosk.until(CardPhase.PIN)
        kiosk.stack.manager.submit_pin(PIN)
    # pull_on_sign: the 9E challenge before the PIN pad is the first signature.
    kiosk.until(CardPhase.NO_CARD)
    seen = kiosk.quiet()
    assert all(s.phase not in (CardPhase.OPEN, CardPhase.PIN) for s in seen), seen
    assert kiosk.opened() is None
    assert AuditOp.LOGIN not in kiosk.journal_ops()


def test_two_readers_one_session_then_the_other_card(kiosk: Kiosk, cards: CardMaker) -> None:
    first = cards.issue("ben-0008")
    second = cards.issue("agent-0009", HolderRole.AGENT)
    kiosk.enrol(first)
    kiosk.start()
    first_link = cards.link(first.state, slot=0)
    cards.insert(first_link)
    kiosk.until(CardPhase.PIN)
    kiosk.stack.manager.submit_pin(PIN)
    assert kiosk.until(CardPhase.OPEN).reader == cards.reader(0)
    cards.insert(cards.link(second.state, slot=1))
    seen = kiosk.quiet(0.6)
    assert not seen, "a card in the second reader must not disturb the open session"
    first_link.remove()
    assert kiosk.until(CardPhase.NO_CARD).reader == cards.reader(0)
    asking = kiosk.until(CardPhase.PIN)
    assert asking.reader == cards.reader(1) and asking.holder == second.issued.holder
