"""The vault: beneficiaries' directory, sessions, erasure, integrity check.

A ``Vault`` holds no key. Keys come out only inside a ``VaultSession`` opened with a
recipient (a card, in production) and vanish when it closes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.domain.audit import AuditOp, ChainVerdict
from kiosk.domain.canonical import Canonical, canonical_json
from kiosk.domain.normalise import normalise_card_number, normalise_name
from kiosk.vault import frames, hpke, keys, sealing
from kiosk.vault.blobs import BlobStore
from kiosk.vault.db import Database
from kiosk.vault.errors import IntegrityError, NoEscrowKey, NoKeyForRecipient, NotFound
from kiosk.vault.feed import ChangeFeed
from kiosk.vault.journal import Journal, utc_now
from kiosk.vault.keys import LEVELS, Recipient, Role
from kiosk.vault.models import Beneficiary, DataKey, IndexKeyStanza, Revision
from kiosk.vault.recipients import KeyAgreement, fingerprint
from kiosk.vault.session import VaultSession

_INDEX_INFO = b"kiosk/index-key/v1"


class IndexKey:
    """The station's blind-index key, unwrapped for the time of an agent's work."""

    def __init__(self, secret: bytearray) -> None:
        self._secret = secret

    def _token(self, kind: str, value: str) -> str:
        if not any(self._secret):
            raise ValueError("index key was wiped")
        return hmac.new(
            bytes(self._secret), f"{kind}\x00{value}".encode(), hashlib.sha256
        ).hexdigest()

    def name_token(self, family_name: str, given_names: str) -> str:
        """Blind index of a normalised full name."""
        # Some documents carry no given name: that is a name too, not an error.
        given = normalise_name(given_names) if given_names.strip() else ""
        return self._token("name", f"{normalise_name(family_name)}|{given}")

    def card_token(self, card_number: str) -> str:
        """Blind index of a card number."""
        return self._token("card", normalise_card_number(card_number))

    def wrap_to(self, recipient: Recipient) -> IndexKeyStanza:
        """A stanza of this key for another recipient."""
        return IndexKeyStanza(
            recipient_fp=recipient.fp,
            role=recipient.role.value,
            info=_INDEX_INFO,
            stanza=hpke.seal(recipient.public_key, bytes(self._secret), _INDEX_INFO),
        )

    def wipe(self) -> None:
        """Forget the key."""
        keys.zeroise(self._secret)


@dataclass(frozen=True, slots=True)
class Problem:
    """One integrity problem found by ``verify``."""

    kind: str  # "missing_blob" | "blob_mismatch" | "bad_header"
    document_id: str
    rev: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What ``Vault.verify`` found."""

    journal: ChainVerdict
    events: int
    revisions_checked: int
    problems: list[Problem] = field(default_factory=list)
    orphan_blobs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the journal chain and every document are intact."""
        return self.journal.ok and not self.problems


class Vault:
    """Entry point of the encrypted vault (collaborators injected)."""

    def __init__(
        self,
        db: Database,
        blobs: BlobStore,
        journal: Journal,
        escrow: ec.EllipticCurvePublicKey | None,
        *,
        clock: Callable[[], datetime] = utc_now,
        frame_size: int = frames.DEFAULT_FRAME_SIZE,
        feed: ChangeFeed | None = None,
    ) -> None:
        self.db = db
        self.feed = feed
        self.blobs = blobs
        self.journal = journal
        self._escrow = None if escrow is None else Recipient(Role.ESCROW, escrow)
        self.frame_size = frame_size
        self._clock = clock

    @property
    def escrow(self) -> Recipient:
        """The institutional escrow recipient every key is also wrapped to."""
        if self._escrow is None:
            raise NoEscrowKey("no escrow public key configured for this station")
        return self._escrow

    def now(self) -> str:
        """Current time as stored (ISO-8601, UTC)."""
        return self._clock().isoformat(timespec="seconds")

    # -- blind-index key -------------------------------------------------------------------

    def ensure_index_key(self, actor: str) -> None:
        """Create the station's index key, wrapped to the escrow, if there is none."""
        with self.db.transaction() as s:
            if s.execute(select(IndexKeyStanza).limit(1)).first() is not None:
                return
            index = IndexKey(bytearray(secrets.token_bytes(32)))
            s.add(index.wrap_to(self.escrow))
            self.journal.append(s, actor, AuditOp.KEY_CREATE, "index-key")
            index.wipe()

    def unlock_index(self, holder: KeyAgreement) -> IndexKey:
        """Unwrap the index key with a recipient that holds it."""
        fp = fingerprint(holder.public_key())
        with self.db.transaction() as s:
            row = s.get(IndexKeyStanza, fp)
            if row is None:
                raise NoKeyForRecipient("", 0, fp)
            try:
                return IndexKey(bytearray(hpke.open_stanza(holder, row.stanza, _INDEX_INFO)))
            except hpke.StanzaError as exc:
                raise IntegrityError("stanza", "index-key", str(exc)) from exc

    def grant_index_key(
        self, index: IndexKey, recipient: ec.EllipticCurvePublicKey, role: Role, actor: str
    ) -> None:
        """Give another recipient (an agent's card) the index key."""
        with self.db.transaction() as s:
            to = Recipient(role, recipient)
            s.merge(index.wrap_to(to))
            self.journal.append(s, actor, AuditOp.KEY_WRAP, f"index-key:{to.fp[:16]}")

    # -- directory ---------------------------------------------------------------------------

    def create_beneficiary(
        self,
        profile: Mapping[str, Canonical],
        *,
        family_name: str,
        given_names: str,
        card_number: str | None,
        card_key: ec.EllipticCurvePublicKey,
        index: IndexKey,
        actor: str,
        beneficiary_id: str | None = None,
    ) -> str:
        """Register a beneficiary: one DEK per level wrapped to their card and the escrow.

        ``beneficiary_id`` is chosen by the caller when it must be known first (it is written
        in the card's certificates before the vault entry exists); otherwise a random one.
        """
        ben_id = beneficiary_id or keys.new_id()
        now = self.now()
        card = Recipient(Role.BENEFICIARY, card_key)
        with self.db.transaction() as s:
            s.add(
                Beneficiary(
                    id=ben_id,
                    name_index=index.name_token(family_name, given_names),
                    card_index=None if card_number is None else index.card_token(card_number),
                    profile_dek_id="",
                    profile_ct=b"",
                    created_at=now,
                )
            )
            s.flush()
            for level in LEVELS:
                key, dek = keys.create(s, ben_id, level, 1, now, [card, self.escrow])
                if level == 1:
                    row = s.get_one(Beneficiary, ben_id)
                    row.profile_dek_id = key.id
                    row.profile_ct = sealing.seal(
                        dek, canonical_json(profile), sealing.profile_label(ben_id, 1, key.id)
                    )
                    if self.feed is not None:
                        fields = {
                            name: sealing.seal(
                                dek,
                                canonical_json(value),
                                sealing.field_label(ben_id, key.version, key.id, name),
                            )
                            for name, value in profile.items()
                        }
                        self.feed.beneficiary_created(s, ben_id, fields)
                keys.zeroise(dek)
                self.journal.append(s, actor, AuditOp.KEY_CREATE, f"dek:{key.id}")
            self.journal.append(s, actor, AuditOp.WRITE, f"beneficiary:{ben_id}")
        return ben_id

    def find(
        self, index: IndexKey, family_name: str, given_names: str, card_number: str | None = None
    ) -> list[str]:
        """Beneficiary ids whose normalised name (and card number, if given) match exactly."""
        query = select(Beneficiary.id).where(
            Beneficiary.name_index == index.name_token(family_name, given_names)
        )
        if card_number is not None:
            query = query.where(Beneficiary.card_index == index.card_token(card_number))
        with self.db.transaction() as s:
            return list(s.execute(query).scalars())

    def open_session(self, beneficiary_id: str, holder: KeyAgreement, actor: str) -> VaultSession:
        """Unwrap every level the holder has a stanza for; fail if none."""
        deks: dict[int, tuple[DataKey, bytearray]] = {}
        role = None
        with self.db.transaction() as s:
            if s.get(Beneficiary, beneficiary_id) is None:
                raise NotFound("beneficiary", beneficiary_id)
            for level in LEVELS:
                key = keys.current(s, beneficiary_id, level)
                opened = None if key is None else keys.unwrap(s, key, holder)
                if key is not None and opened is not None:
                    deks[level] = (key, opened[0])
                    role = opened[1]
            if role is None:
                raise NoKeyForRecipient(beneficiary_id, 1, fingerprint(holder.public_key()))
            self.journal.append(s, actor, AuditOp.KEY_UNWRAP, f"beneficiary:{beneficiary_id}")
        return VaultSession(self, beneficiary_id, holder, role, deks, actor)

    def record(self, actor: str, op: AuditOp, obj: str) -> None:
        """Journal an event that belongs to no vault session (login, logout, card issue)."""
        with self.db.transaction() as s:
            self.journal.append(s, actor, op, obj)

    def move_to_new_card(
        self,
        beneficiary_id: str,
        escrow: KeyAgreement,
        old_card: str,
        new_card: ec.EllipticCurvePublicKey,
        actor: str,
    ) -> None:
        """Reissue: wrap every level to the new card through the escrow, then revoke the old.

        ``old_card`` is the fingerprint of the lost card's 9D key; its keys move to a new
        version, so a found card opens nothing.
        """
        with self.open_session(beneficiary_id, escrow, actor) as session:
            session.grant(Recipient(Role.BENEFICIARY, new_card))
            session.revoke(old_card)

    # -- integrity --------------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Check the journal chain and every revision's ciphertext against its recorded hash."""
        problems: list[Problem] = []
        with self.db.transaction() as s:
            verdict = self.journal.verify(s)
            events = len(list(self.journal.rows(s)))
            revisions = list(s.execute(select(Revision)).scalars())
        referenced = set()
        for rev in revisions:
            referenced.add(rev.blob_sha256)
            if not self.blobs.exists(rev.blob_sha256):
                problems.append(Problem("missing_blob", rev.document_id, rev.rev))
                continue
            if self.blobs.digest(rev.blob_sha256) != rev.blob_sha256:
                problems.append(Problem("blob_mismatch", rev.document_id, rev.rev))
                continue
            with self.blobs.open(rev.blob_sha256) as handle:
                try:
                    frames.parse_header(handle.read(frames.HEADER_LEN), rev.document_id)
                except IntegrityError as exc:
                    problems.append(Problem("bad_header", rev.document_id, rev.rev, str(exc)))
        orphans = [name for name in self.blobs.names() if name not in referenced]
        return VerifyReport(verdict, events, len(revisions), problems, orphans)

    def sweep_orphans(self) -> int:
        """Delete ciphertext files no revision references (left by interrupted writes)."""
        report = self.verify()
        for name in report.orphan_blobs:
            self.blobs.delete(name)
        return len(report.orphan_blobs) + self.blobs.sweep_temporary()

    def erase_rows(self, s: Session, beneficiary_id: str) -> list[str]:
        """Delete every row of a beneficiary (used by ``VaultSession.erase``); return blob names."""
        key_ids = select(DataKey.id).where(DataKey.beneficiary_id == beneficiary_id)
        blobs = list(
            s.execute(
                select(Revision.blob_sha256).where(Revision.data_key_id.in_(key_ids))
            ).scalars()
        )
        s.execute(delete(Revision).where(Revision.data_key_id.in_(key_ids)))
        s.execute(delete(Beneficiary).where(Beneficiary.id == beneficiary_id))
        return blobs
