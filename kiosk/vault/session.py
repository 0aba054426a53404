"""A vault session: the keys of one beneficiary, unwrapped for one person, for a while.

Opened by ``Vault.open_session`` with the card (or an agent's card under a proxy, or the
escrow). It holds the DEKs in memory only; ``close()`` overwrites them. Every read, write,
delete, export and key change appends a journal row in the same transaction as the change.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.domain.audit import AuditOp
from kiosk.domain.canonical import Canonical, canonical_json
from kiosk.vault import frames, keys, sealing
from kiosk.vault.errors import (
    IntegrityError,
    NoKeyForRecipient,
    NotAllowed,
    NotFound,
    SessionClosed,
)
from kiosk.vault.feed import RevisionWritten
from kiosk.vault.keys import LEVELS, Recipient, Role
from kiosk.vault.models import Beneficiary, DataKey, Document, KeyStanza, Revision
from kiosk.vault.recipients import KeyAgreement, fingerprint

if TYPE_CHECKING:
    from kiosk.vault.vault import Vault

Meta = dict[str, Canonical]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a list of documents shows: ids, level, current revision, decrypted metadata."""

    document_id: str
    level: int
    rev: int
    meta: Meta
    created_at: str
    size: int


def _open_profile(row: Beneficiary, key: DataKey, dek: bytearray) -> bytes:
    """Decrypt a beneficiary's profile under the level-1 key it was sealed with."""
    label = sealing.profile_label(row.id, key.version, key.id)
    return sealing.unseal(dek, row.profile_ct, label, "profile", row.id)


class VaultSession:
    """The unwrapped keys of one beneficiary for one holder."""

    def __init__(
        self,
        vault: Vault,
        beneficiary_id: str,
        holder: KeyAgreement,
        role: Role,
        deks: dict[int, tuple[DataKey, bytearray]],
        actor: str,
    ) -> None:
        self._vault = vault
        self.beneficiary_id = beneficiary_id
        self.role = role
        self.actor = actor
        self._holder = holder
        self._deks = deks
        self._closed = False

    # -- keys ---------------------------------------------------------------------------------

    @property
    def levels(self) -> frozenset[int]:
        """The sensitivity levels this session can read."""
        return frozenset(self._deks)

    def _check_open(self) -> None:
        if self._closed:
            raise SessionClosed("vault session closed")

    def _current(self, level: int) -> tuple[DataKey, bytearray]:
        self._check_open()
        if level not in self._deks:
            raise NoKeyForRecipient(
                self.beneficiary_id, level, fingerprint(self._holder.public_key())
            )
        return self._deks[level]

    def _key_by_id(self, s: Session, key_id: str, level: int) -> bytearray:
        """The DEK a revision points at (re-unwrapped if another session rotated it)."""
        key, dek = self._current(level)
        if key.id == key_id:
            return dek
        row = s.get(DataKey, key_id)
        if row is None or row.beneficiary_id != self.beneficiary_id or row.level != level:
            raise IntegrityError("document", key_id, "key does not belong to this level")
        opened = keys.unwrap(s, row, self._holder)
        if opened is None:
            raise NoKeyForRecipient(
                self.beneficiary_id, level, fingerprint(self._holder.public_key())
            )
        keys.zeroise(dek)
        self._deks[level] = (row, opened[0])
        return opened[0]

    def close(self) -> None:
        """Overwrite every key held and refuse further use."""
        for _key, dek in self._deks.values():
            keys.zeroise(dek)
        self._deks.clear()
        self._closed = True

    def __enter__(self) -> VaultSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _journal(self, s: Session, op: AuditOp, obj: str, ct_sha256: str = "") -> None:
        self._vault.journal.append(s, self.actor, op, obj, ct_sha256)

    def record(self, op: AuditOp, obj: str, ct_sha256: str = "") -> None:
        """Journal an action of this session that changes nothing in the vault (an export)."""
        self._check_open()
        with self._vault.db.transaction() as s:
            self._journal(s, op, obj, ct_sha256)

    # -- profile ------------------------------------------------------------------------------

    def profile(self) -> Meta:
        """The beneficiary's directory fields (needs level 1)."""
        self._current(1)
        with self._vault.db.transaction() as s:
            row = s.get_one(Beneficiary, self.beneficiary_id)
            self._journal(s, AuditOp.READ, f"profile:{self.beneficiary_id}")
            key_row = s.get_one(DataKey, row.profile_dek_id)
            plain = _open_profile(row, key_row, self._key_by_id(s, key_row.id, 1))
        value: Meta = json.loads(plain)
        return value

    # -- documents ----------------------------------------------------------------------------

    def put_document(self, src: frames.Readable, level: int, meta: Meta) -> tuple[str, int]:
        """File a new document; return (document id, revision 1)."""
        self._current(level)
        doc_id = keys.new_id()
        self._store(doc_id, 1, level, src, meta, new=True)
        return doc_id, 1

    def add_revision(self, document_id: str, src: frames.Readable, meta: Meta) -> int:
        """Store a newer version of a document (the older ones stay readable)."""
        with self._vault.db.transaction() as s:
            doc = self._document(s, document_id)
            level, rev = doc.level, doc.current_rev + 1
        self._store(document_id, rev, level, src, meta, new=False)
        return rev

    def _store(
        self, doc_id: str, rev: int, level: int, src: frames.Readable, meta: Meta, *, new: bool
    ) -> None:
        key, dek = self._current(level)
        ben = self.beneficiary_id
        content_key = bytearray(secrets.token_bytes(32))
        label = sealing.content_label(ben, level, doc_id, rev)
        try:
            sha, size, _plain = self._vault.blobs.write(
                lambda dst: frames.encrypt_stream(
                    bytes(content_key), label, src, dst, self._vault.frame_size
                )
            )
            try:
                with self._vault.db.transaction() as s:
                    if new:
                        s.add(
                            Document(
                                id=doc_id,
                                beneficiary_id=ben,
                                level=level,
                                current_rev=rev,
                                created_at=self._vault.now(),
                            )
                        )
                    else:
                        doc = self._document(s, doc_id)
                        if doc.current_rev != rev - 1:
                            raise IntegrityError("document", doc_id, "concurrent revision")
                        doc.current_rev = rev
                    revision = Revision(
                        document_id=doc_id,
                        rev=rev,
                        data_key_id=key.id,
                        wrapped_key=sealing.seal(
                            dek,
                            bytes(content_key),
                            sealing.key_label(ben, level, key.version, key.id, doc_id, rev),
                        ),
                        meta_ct=sealing.seal(
                            content_key,
                            canonical_json(meta),
                            sealing.content_label(ben, level, doc_id, rev, "meta"),
                        ),
                        blob_sha256=sha,
                        size=size,
                        created_at=self._vault.now(),
                    )
                    s.add(revision)
                    if self._vault.feed is not None:
                        self._vault.feed.revision_written(
                            s,
                            RevisionWritten(
                                ben,
                                doc_id,
                                rev,
                                level,
                                sha,
                                size,
                                revision.meta_ct,
                                revision.wrapped_key,
                                key.version,
                            ),
                        )
                    self._journal(s, AuditOp.WRITE, f"document:{doc_id}:{rev}", sha)
            except BaseException:
                self._vault.blobs.delete(sha)
                raise
        finally:
            keys.zeroise(content_key)

    def _document(self, s: Session, document_id: str) -> Document:
        doc = s.get(Document, document_id)
        if doc is None or doc.beneficiary_id != self.beneficiary_id:
            raise NotFound("document", document_id)
        return doc

    def _open_revision(
        self, s: Session, document_id: str, rev: int | None
    ) -> tuple[Document, Revision, bytearray]:
        doc = self._document(s, document_id)
        rev = doc.current_rev if rev is None else rev
        row = s.get(Revision, (document_id, rev))
        if row is None:
            raise NotFound("revision", f"{document_id}:{rev}")
        dek = self._key_by_id(s, row.data_key_id, doc.level)
        key = s.get_one(DataKey, row.data_key_id)
        content_key = bytearray(
            sealing.unseal(
                dek,
                row.wrapped_key,
                sealing.key_label(self.beneficiary_id, doc.level, key.version, key.id, doc.id, rev),
                "document",
                document_id,
            )
        )
        return doc, row, content_key

    def _meta(self, doc: Document, row: Revision, content_key: bytearray) -> Meta:
        plain = sealing.unseal(
            content_key,
            row.meta_ct,
            sealing.content_label(self.beneficiary_id, doc.level, doc.id, row.rev, "meta"),
            "document",
            doc.id,
        )
        value: Meta = json.loads(plain)
        return value

    def read_document(
        self, document_id: str, dst: frames.Writable, rev: int | None = None
    ) -> Meta:
        """Decrypt a document (its current revision unless ``rev``) into ``dst``; return its meta.

        Raises:
            NotFound, NoKeyForRecipient, IntegrityError, TruncatedStream.
        """
        with self._vault.db.transaction() as s:
            doc, row, content_key = self._open_revision(s, document_id, rev)
            self._journal(s, AuditOp.READ, f"document:{doc.id}:{row.rev}", row.blob_sha256)
        try:
            meta = self._meta(doc, row, content_key)
            label = sealing.content_label(self.beneficiary_id, doc.level, doc.id, row.rev)
            try:
                handle = self._vault.blobs.open(row.blob_sha256)
            except FileNotFoundError as exc:
                raise IntegrityError("document", doc.id, "encrypted file is missing") from exc
            with handle:
                for chunk in frames.decrypt_stream(bytes(content_key), label, handle, doc.id):
                    dst.write(chunk)
        finally:
            keys.zeroise(content_key)
        return meta

    def list_documents(self) -> list[DocumentInfo]:
        """The documents this session may see, with their decrypted metadata."""
        self._check_open()
        result = []
        with self._vault.db.transaction() as s:
            docs = s.execute(
                select(Document)
                .where(
                    Document.beneficiary_id == self.beneficiary_id,
                    Document.level.in_(sorted(self.levels)),
                )
                .order_by(Document.created_at, Document.id)
            ).scalars()
            for doc in docs:
                _doc, row, content_key = self._open_revision(s, doc.id, None)
                try:
                    meta = self._meta(doc, row, content_key)
                finally:
                    keys.zeroise(content_key)
                result.append(
                    DocumentInfo(doc.id, doc.level, row.rev, meta, doc.created_at, row.size)
                )
            self._journal(s, AuditOp.READ, f"documents:{self.beneficiary_id}")
        return result

    def delete_document(self, document_id: str) -> None:
        """Delete a document and shred its content keys; the ciphertext files go too."""
        self._check_open()
        with self._vault.db.transaction() as s:
            doc = self._document(s, document_id)
            self._current(doc.level)
            revs = list(s.execute(select(Revision).where(Revision.document_id == doc.id)).scalars())
            s.expunge_all()
            s.execute(delete(Document).where(Document.id == doc.id))  # revisions cascade
            self._journal(
                s, AuditOp.DELETE, f"document:{doc.id}", revs[-1].blob_sha256 if revs else ""
            )
        for row in revs:
            self._vault.blobs.delete(row.blob_sha256)
        self._vault.db.checkpoint()

    # -- recipients, rotation -------------------------------------------------------------------

    def grant(self, recipient: Recipient) -> list[int]:
        """Wrap the current key of every level up to ``recipient.max_level`` to it (a proxy).

        Returns the levels granted. Only the beneficiary's own card (or the escrow) may grant.
        """
        if self.role is Role.AGENT:
            raise NotAllowed("grant", "an agent cannot grant access")
        top = recipient.max_level if recipient.max_level is not None else max(LEVELS)
        levels = [level for level in sorted(self.levels) if level <= top]
        with self._vault.db.transaction() as s:
            for level in levels:
                key, dek = self._current(level)
                keys.wrap(s, key, dek, recipient)
                self._journal(s, AuditOp.KEY_WRAP, f"dek:{key.id}:{recipient.fp[:16]}")
        return levels

    def rotate(self, level: int, drop: str | None = None) -> int:
        """Replace a level's DEK by a new version; re-wrap content keys, not the documents.

        ``drop`` is the fingerprint of a recipient left out of the new version (revocation).
        The old version is shredded: its stanzas and wrapped content keys are deleted.
        """
        old, old_dek = self._current(level)
        with self._vault.db.transaction() as s:
            old = s.get_one(DataKey, old.id)
            recipients = [r for r in keys.recipients_of(s, old) if r.fp != drop]
            if not any(r.role is Role.ESCROW for r in recipients):
                recipients.append(self._vault.escrow)
            new, new_dek = keys.create(
                s, self.beneficiary_id, level, old.version + 1, self._vault.now(), recipients
            )
            for row in s.execute(select(Revision).where(Revision.data_key_id == old.id)).scalars():
                content_key = sealing.unseal(
                    old_dek,
                    row.wrapped_key,
                    sealing.key_label(
                        self.beneficiary_id, level, old.version, old.id, row.document_id, row.rev
                    ),
                    "document",
                    row.document_id,
                )
                row.wrapped_key = sealing.seal(
                    new_dek,
                    content_key,
                    sealing.key_label(
                        self.beneficiary_id, level, new.version, new.id, row.document_id, row.rev
                    ),
                )
                row.data_key_id = new.id
            if level == 1:
                self._reseal_profile(s, old, old_dek, new, new_dek)
            s.flush()
            s.delete(old)
            self._journal(s, AuditOp.KEY_ROTATE, f"dek:{old.id}->{new.id}")
        keys.zeroise(old_dek)
        self._deks[level] = (new, new_dek)
        self._vault.db.checkpoint()
        return new.version

    def _reseal_profile(
        self, s: Session, old: DataKey, old_dek: bytearray, new: DataKey, new_dek: bytearray
    ) -> None:
        row = s.get_one(Beneficiary, self.beneficiary_id)
        plain = _open_profile(row, old, old_dek)
        row.profile_ct = sealing.seal(
            new_dek, plain, sealing.profile_label(row.id, new.version, new.id)
        )
        row.profile_dek_id = new.id

    def revoke(self, recipient_fp: str) -> list[int]:
        """Take a recipient's access away: every level it held moves to a new key version."""
        if self.role is Role.AGENT:
            raise NotAllowed("revoke", "an agent cannot revoke access")
        with self._vault.db.transaction() as s:
            held = sorted(
                level
                for level, (key, _dek) in self._deks.items()
                if s.execute(
                    select(KeyStanza.id).where(
                        KeyStanza.data_key_id == key.id, KeyStanza.recipient_fp == recipient_fp
                    )
                ).first()
                is not None
            )
            self._journal(s, AuditOp.KEY_REVOKE, f"recipient:{recipient_fp[:16]}")
        for level in held:
            self.rotate(level, drop=recipient_fp)
        return held

    # -- erasure ------------------------------------------------------------------------------

    def erase(self) -> None:
        """Right to erasure: destroy every key, row and file of this beneficiary."""
        if self.role is Role.AGENT:
            raise NotAllowed("erase", "only the beneficiary or the escrow may erase")
        self._check_open()
        with self._vault.db.transaction() as s:
            names = self._vault.erase_rows(s, self.beneficiary_id)
            self._journal(s, AuditOp.ERASE_BENEFICIARY, f"beneficiary:{self.beneficiary_id}")
        for name in names:
            self._vault.blobs.delete(name)
        self.close()
        self._vault.db.checkpoint()
