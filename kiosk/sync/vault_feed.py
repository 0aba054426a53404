"""The sync's side of the vault's change feed: each vault change becomes its operation.

:class:`OutboxFeed` implements :class:`kiosk.vault.feed.ChangeFeed`: called by the vault
inside its write transaction, it adds the operation to the outbox in that same transaction
(:mod:`kiosk.sync.local`). What leaves the station is ciphertext only:

- a new beneficiary: ``beneficiary.patch`` with each profile field sealed under the
  level-1 key (the vault's French profile keys take the protocol's names, so ``nom`` and
  ``prenoms`` are identity fields the platform never merges automatically);
- a document revision: ``doc.attach`` naming the ciphertext file (uploaded by the worker
  before the operation is pushed), with the sealed metadata and the wrapped content key;
- a journal row: ``audit.append`` with the row sealed (HPKE) to the institutional escrow,
  the only party that may read who did what.

:func:`open_station_vault` opens the vault with this feed and the sync tables beside it:
what ``kiosk run`` and the demo use.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.orm import Session

from kiosk.domain.audit import AuditEvent
from kiosk.sync import local, outbox
from kiosk.sync.protocol.values import seal_text
from kiosk.vault import hpke
from kiosk.vault.factory import open_vault
from kiosk.vault.feed import RevisionWritten
from kiosk.vault.journal import utc_now
from kiosk.vault.vault import Vault

AUDIT_INFO = b"kiosk/audit-record/v1"
"""HPKE info of a journal row sealed to the escrow."""

PROFILE_FIELDS = {
    "nom": "family_name",
    "prenoms": "given_names",
    "date_naissance": "birth_date",
    "nir": "nir",
}
"""The vault's profile keys that have another name in the protocol."""

_FIELD = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def field_name(profile_key: str) -> str:
    """The protocol's name of a profile key.

    Raises:
        ValueError: the key cannot be a protocol field name (a programming error).
    """
    name = PROFILE_FIELDS.get(profile_key, profile_key)
    if not _FIELD.match(name):
        raise ValueError(f"profile key {profile_key!r} is not a sync field name")
    return name


def audit_record_id(event: AuditEvent) -> str:
    """The operation's entity id of a journal row: stable per station and row."""
    return hashlib.sha256(f"{event.device}\n{event.seq}".encode()).hexdigest()[:32]


class OutboxFeed:
    """Turns vault changes into outbox operations, in the vault's transaction.

    Args:
        escrow: the institutional escrow's public key, which journal rows are sealed to.
    """

    def __init__(self, escrow: ec.EllipticCurvePublicKey) -> None:
        self._escrow = escrow

    def beneficiary_created(
        self, session: Session, beneficiary_id: str, fields: Mapping[str, bytes]
    ) -> None:
        sealed = {field_name(key): seal_text(value) for key, value in fields.items()}
        local.patch_beneficiary(session, beneficiary_id, sealed)

    def revision_written(self, session: Session, written: RevisionWritten) -> None:
        local.attach_document(
            session,
            written.document_id,
            beneficiary_id=written.beneficiary_id,
            blob=written.blob_sha256,
            size=written.size,
            level=written.level,
            revision=written.rev,
            meta=seal_text(written.meta_ct),
            wrapped_keys=[seal_text(written.wrapped_key)],
        )

    def journal_appended(self, session: Session, event: AuditEvent) -> None:
        record = hpke.seal(self._escrow, event.canonical(), AUDIT_INFO)
        local.append_audit(session, audit_record_id(event), seal_text(record))


def open_station_vault(
    data_dir: Path,
    device_id: str,
    escrow: ec.EllipticCurvePublicKey | None,
    *,
    clock: Callable[[], datetime] = utc_now,
) -> Vault:
    """The station's vault with its changes fed to the outbox (sync tables made or migrated).

    Without an escrow key the vault cannot make keys, and journal rows cannot be sealed for
    the platform: the vault opens without a feed, as before.
    """
    if escrow is None:
        return open_vault(data_dir, device_id, None, clock=clock)
    vault = open_vault(data_dir, device_id, escrow, clock=clock, feed=OutboxFeed(escrow))
    outbox.create_tables(vault.db.engine)
    return vault
