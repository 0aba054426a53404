"""What the vault tells the sync, inside its own write transactions.

Every local change must commit with its outbox operation (SYNC.md 3.2). The vault does not
know the sync; it is given a :class:`ChangeFeed` (wired by the composition root) and calls
it in the same transaction as the change, with ciphertext only:

- a new beneficiary: each profile field sealed on its own under the level-1 key, so the
  platform can merge two stations' edits field by field;
- a document revision: the name of its ciphertext (blob), its size, level, sealed metadata
  and its content key wrapped under the level key;
- every journal row, so the platform keeps who did what to whose data.

An exception raised by the feed rolls the change back: nothing commits without its
operation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from kiosk.domain.audit import AuditEvent


@dataclass(frozen=True, slots=True)
class RevisionWritten:
    """A document revision just stored.

    Attributes:
        beneficiary_id: whose.
        document_id: the document.
        rev: its revision number.
        level: its sensitivity level.
        blob_sha256: SHA-256 of its ciphertext (the file the sync uploads).
        size: the ciphertext's size.
        meta_ct: the sealed metadata.
        wrapped_key: the content key sealed under the level key (version ``key_version``).
        key_version: the version of that level key.
    """

    beneficiary_id: str
    document_id: str
    rev: int
    level: int
    blob_sha256: str
    size: int
    meta_ct: bytes
    wrapped_key: bytes
    key_version: int


class ChangeFeed(Protocol):
    """Receives the vault's changes in their transaction (see the module's documentation)."""

    def beneficiary_created(
        self, session: Session, beneficiary_id: str, fields: Mapping[str, bytes]
    ) -> None:
        """A beneficiary with its sealed profile fields."""
        ...

    def revision_written(self, session: Session, written: RevisionWritten) -> None:
        """A document revision."""
        ...

    def journal_appended(self, session: Session, event: AuditEvent) -> None:
        """A journal row."""
        ...
