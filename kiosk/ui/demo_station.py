"""The demo's station, made for real: pcscd, a card authority, a vault and three issued cards.

Nothing here is Qt: :func:`prepare_station` does what a technician does on a new station,
in a temporary folder. It uses the running pcscd with the vpcd driver, or starts one; it
creates the station's card authority and writes its trust store where ``kiosk run`` reads it;
it opens the vault with an escrow key; and it issues three virtual cards over APDUs through
pcscd, as ``kiosk card issue`` does with a blank card on the desk:

* a beneficiary's, whose vault entry is created (keys wrapped to the card's 9D key and to
  the escrow), with the explanatory sheet printed to a PDF file;
* an agent's, for Camille Martin of the "cms-demo" structure;
* a second beneficiary's, whose PIN is then typed wrong until the card blocks.

All three cards have the PIN ``kiosk.auth.card_workshop.PIN``. :meth:`DemoStation.close`
pulls every card out, closes the vault and stops pcscd if it was started here.

:func:`seed_sync` gives the station a sync history (one refused operation, one conflict,
three operations waiting) and an enrolment on a platform that cannot be reached, so the
homes' status line and "À traiter" have something true to show.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.auth.authority import CardAuthority, save_trust
from kiosk.auth.card_workshop import CardMaker, IssuedVirtualCard, connect
from kiosk.auth.identity import HolderRole
from kiosk.auth.sheet import explanatory_sheet
from kiosk.cli_sync import ensure_sync_tables
from kiosk.config import ensure_private_dir
from kiosk.hardware.card import CardError, PinBlocked, WrongPin
from kiosk.hardware.pcscd_service import PcscdService, ensure_pcscd
from kiosk.hardware.piv import PivClient, Slot
from kiosk.hardware.virtual_card import VpcdCardLink
from kiosk.station import TRUST_DIR, utc_now
from kiosk.sync import outbox, shadow
from kiosk.sync.protocol.hlc import pack, physical_ms
from kiosk.sync.protocol.ops import OpCode, OpResult, OpStatus, OpType
from kiosk.sync.protocol.pull import Change
from kiosk.sync.protocol.state import ConflictReason, EntityKind, EntityState, FieldValue
from kiosk.sync.protocol.values import seal_text
from kiosk.sync.station import StationIdentity
from kiosk.sync.vault_feed import open_station_vault
from kiosk.vault.keys import new_id
from kiosk.vault.recipients import SoftwareKeyAgreement
from kiosk.vault.vault import Vault

log = logging.getLogger("kiosk.ui")

STATION_ID: Final = "station-demo"
TECHNICIAN: Final = "demo-technicien"
AUTHORITY_NAME: Final = "Autorité des cartes de démonstration"
#: A wrong code (every demo card's code is ``card_workshop.PIN``).
WRONG_PIN: Final = "111111"

#: The demo beneficiary, made up (their profile is sealed in the vault, never shown).
PROFILE: Final = {"nom": "Démo", "prenoms": "Alex", "date_naissance": "1990-01-01"}
AGENT_NAME: Final = "Camille Martin"
AGENT_STRUCTURE: Final = "cms-demo"
#: The explanatory sheet of the beneficiary's card, written beside the screenshots.
SHEET_NAME: Final = "fiche-carte-usager.pdf"


@dataclass
class DemoStation:
    """A station ready for the demo.

    Attributes:
        pcscd: the PC/SC daemon with its virtual readers.
        data_dir: the station's data directory (trust store, vault).
        vault: the station's vault, open.
        maker: what issued the cards and inserts them (its links are pulled out at the end).
        beneficiary: the beneficiary's card, whose vault exists.
        agent: the agent's card.
        blocked: a beneficiary's card whose PIN is blocked.
        sheet: the beneficiary card's explanatory sheet (PDF).
        platform: the station's enrolment (on a platform the network cannot reach).
    """

    pcscd: PcscdService
    data_dir: Path
    vault: Vault
    maker: CardMaker
    beneficiary: IssuedVirtualCard
    agent: IssuedVirtualCard
    blocked: IssuedVirtualCard
    sheet: Path
    platform: StationIdentity

    def close(self) -> None:
        """Pulls every card out, closes the vault, stops pcscd if the demo started it."""
        try:
            self.maker.remove_all()
            self.vault.db.close()
        finally:
            self.pcscd.stop()


def issue_at_desk(
    maker: CardMaker,
    role: HolderRole = HolderRole.BENEFICIARY,
    display_name: str = "",
    structure_id: str = "",
) -> IssuedVirtualCard:
    """Issues a blank card through pcscd for a new holder (a random holder id)."""
    return maker.issue(new_id(), role, display_name=display_name, structure_id=structure_id)


@dataclass(frozen=True)
class DeskSlot:
    """A virtual card as the demo panel's :class:`~kiosk.ui.widgets.demo_panel.CardSlot`.

    Inserting and removing wait until pcscd has seen it (the workshop's ``insert`` and
    ``remove``), so that a card put in just after another one was pulled out is not taken
    for it.
    """

    maker: CardMaker
    link: VpcdCardLink

    def insert(self) -> None:
        """Puts the card in its reader and waits until pcscd sees it."""
        self.maker.insert(self.link)

    def remove(self) -> None:
        """Takes the card out and waits until pcscd has seen it go."""
        self.maker.remove(self.link)


def enrol(vault: Vault, escrow: SoftwareKeyAgreement, card: IssuedVirtualCard) -> None:
    """Creates the beneficiary's vault entry for their new card (as issuing does)."""
    key = card.issued.certificates[Slot.KEY_MANAGEMENT].public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey):  # issue_card writes P-256 keys only
        raise TypeError("the card's key-management key is not an EC key")
    vault.ensure_index_key(TECHNICIAN)
    index = vault.unlock_index(escrow)
    try:
        vault.create_beneficiary(
            PROFILE,
            family_name=PROFILE["nom"],
            given_names=PROFILE["prenoms"],
            card_number=card.issued.holder.card_number,
            card_key=key,
            index=index,
            actor=TECHNICIAN,
            beneficiary_id=card.holder_id,
        )
    finally:
        index.wipe()


def _block(maker: CardMaker, card: IssuedVirtualCard) -> None:
    """Types a wrong PIN on the card until it blocks, as a forgetful holder would."""
    link = maker.link(card.state)
    maker.insert(link)
    connection = connect(maker.reader())
    try:
        piv = PivClient(connection)
        piv.select()
        for _ in range(10):
            try:
                piv.verify(WRONG_PIN)
            except WrongPin:
                continue
            except PinBlocked:
                return
        raise RuntimeError("the demo card did not block after 10 wrong PINs")
    finally:
        with contextlib.suppress(CardError):
            connection.close()
        maker.remove(link)


def prepare_station(work_dir: Path, sheet_dir: Path, now: dt.datetime | None = None) -> DemoStation:
    """Sets up pcscd, the card authority, the vault and the three demo cards.

    Args:
        work_dir: an empty temporary folder for pcscd, the data directory and the cards.
        sheet_dir: where the beneficiary card's explanatory sheet is written.
        now: the issuing time (the station's clock by default).

    Raises:
        kiosk.hardware.pcscd_service.PcscdUnavailable: no pcscd with the vpcd driver.
    """
    now = now or utc_now()
    pcscd = ensure_pcscd(work_dir / "pcscd")
    log.info("demo: pcscd %s, readers %s", "started" if pcscd.started else "running", pcscd.readers)
    try:
        data_dir = ensure_private_dir(work_dir / "data")
        authority = CardAuthority.create(AUTHORITY_NAME, now)
        save_trust(data_dir / TRUST_DIR, authority, now)
        escrow = SoftwareKeyAgreement.generate()
        vault = open_station_vault(data_dir, STATION_ID, escrow.public_key())
    except BaseException:
        pcscd.stop()
        raise
    maker = CardMaker(pcscd, authority, ensure_private_dir(work_dir / "cards"), now=now)
    try:
        beneficiary = issue_at_desk(maker)
        enrol(vault, escrow, beneficiary)
        agent = issue_at_desk(
            maker, HolderRole.AGENT, display_name=AGENT_NAME, structure_id=AGENT_STRUCTURE
        )
        blocked = issue_at_desk(maker)
        _block(maker, blocked)
        sheet_dir.mkdir(parents=True, exist_ok=True)
        sheet = sheet_dir / SHEET_NAME
        sheet.write_bytes(
            explanatory_sheet(beneficiary.issued.holder.card_number, HolderRole.BENEFICIARY)
        )
        platform = seed_sync(vault, beneficiary.holder_id)
    except BaseException:
        maker.remove_all()
        vault.db.close()
        pcscd.stop()
        raise
    log.info("demo: three cards issued over APDUs, a sync history seeded")
    return DemoStation(
        pcscd, data_dir, vault, maker, beneficiary, agent, blocked, sheet, platform
    )


# -- the sync ---------------------------------------------------------------------------------

#: The demo station's id on the platform, and another station of its structure.
PLATFORM_STATION: Final = "st_demo_accueil1"
OTHER_STATION: Final = "st_demo_accueil2"
#: Operations made while the network was down (they wait in the outbox).
PENDING_OPS: Final = 3
#: How long before the demo's start the other station's value was typed.
_RACE_MS: Final = 90_000


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _sealed() -> str:
    """Random bytes standing for a value sealed by the vault (the platform keeps ciphertext)."""
    return seal_text(os.urandom(48))


def seed_sync(vault: Vault, beneficiary_id: str) -> StationIdentity:
    """Gives the demo station a sync history, and an enrolment on an unreachable platform.

    The history goes through the real outbox, as the worker stores a platform's answers:
    a transition refused (another station had already moved the request), an address
    merged with a conflict (another station typed one 90 s later: it is kept, this one is
    not applied), then three operations made since the network went down. The platform's
    address is a loopback port nobody listens on, so the worker finds no network, truly.

    Returns:
        The enrolment to build the worker with.
    """
    ensure_sync_tables(vault.db)
    request_id, conflict_id = new_id(), new_id()
    with vault.db.transaction() as session:
        refused = outbox.enqueue(
            session,
            outbox.OpDraft(
                OpType.AR_TRANSITION,
                request_id,
                {"event": "passer_en_instruction", "from_state": "en_construction"},
                base_version=2,
            ),
        )
        merged = outbox.enqueue(
            session,
            outbox.OpDraft(
                OpType.BENEFICIARY_PATCH,
                beneficiary_id,
                {"fields": {"adresse": _sealed()}, "field_versions": {"adresse": 1}},
                base_version=1,
            ),
        )
        outbox.record_result(
            session,
            OpResult(
                op_id=refused.op_id,
                seq=refused.seq,
                status=OpStatus.REJECTED,
                code=OpCode.ILLEGAL_TRANSITION,
                detail="the request was already in instruction",
            ),
        )
        outbox.record_result(
            session,
            OpResult(
                op_id=merged.op_id,
                seq=merged.seq,
                status=OpStatus.MERGED,
                version=3,
                conflict_ids=[conflict_id],
            ),
        )
        ours = int(json.loads(merged.op_json)["hlc"])
        theirs = pack(physical_ms(ours) + _RACE_MS)
        conflict = EntityState(
            meta={
                "entity_kind": EntityKind.BENEFICIARY.value,
                "entity_id": beneficiary_id,
                "field": "adresse",
                "reason": ConflictReason.CONCURRENT_EDIT.value,
                "op_id": merged.op_id,
            },
            fields={
                "winner": FieldValue(value=_sealed(), version=2, hlc=theirs, station=OTHER_STATION),
                "loser": FieldValue(value=_sealed(), version=3, hlc=ours, station=PLATFORM_STATION),
            },
        )
        shadow.apply_changes(
            session,
            [Change(kind=EntityKind.CONFLICT, id=conflict_id, seq=1, version=1, state=conflict)],
        )
        for _ in range(PENDING_OPS - 1):
            outbox.enqueue(
                session,
                outbox.OpDraft(
                    OpType.AR_NOTE_ADD, request_id, {"note_id": new_id(), "body": _sealed()}
                ),
            )
        outbox.enqueue(
            session,
            outbox.OpDraft(
                OpType.AUDIT_APPEND,
                new_id(),
                {"beneficiary_id": beneficiary_id, "record": _sealed()},
            ),
        )
    return StationIdentity(
        f"http://127.0.0.1:{_closed_port()}", PLATFORM_STATION, AGENT_STRUCTURE, "Borne de démo"
    )
