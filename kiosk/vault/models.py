"""The vault's tables. Nothing here is plaintext personal data.

What is stored in clear: random ids, sensitivity levels, key versions, sizes, timestamps,
SHA-256 of ciphertexts, HMAC blind indexes, and wrapped keys. Names, profile fields,
document metadata and content are ciphertext only.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the vault schema."""


class Beneficiary(Base):
    """A beneficiary's directory entry: blind indexes and the encrypted profile."""

    __tablename__ = "beneficiaries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_index: Mapped[str] = mapped_column(String(64), index=True)
    card_index: Mapped[str | None] = mapped_column(String(64), index=True)
    profile_dek_id: Mapped[str] = mapped_column(String(32))
    profile_ct: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(32))


class DataKey(Base):
    """One data key (DEK) per (beneficiary, level, version); only wrapped copies exist."""

    __tablename__ = "data_keys"
    __table_args__ = (UniqueConstraint("beneficiary_id", "level", "version"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    beneficiary_id: Mapped[str] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(32))


class KeyStanza(Base):
    """A DEK wrapped (HPKE) to one recipient: the card, an agent under a proxy, the escrow."""

    __tablename__ = "key_stanzas"
    __table_args__ = (UniqueConstraint("data_key_id", "recipient_fp"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    data_key_id: Mapped[str] = mapped_column(
        ForeignKey("data_keys.id", ondelete="CASCADE"), index=True
    )
    recipient_fp: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    proxy_id: Mapped[str | None] = mapped_column(String(64))
    recipient_der: Mapped[bytes] = mapped_column(LargeBinary)
    info: Mapped[bytes] = mapped_column(LargeBinary)
    stanza: Mapped[bytes] = mapped_column(LargeBinary)


class Document(Base):
    """A document of a beneficiary; its content lives in revisions."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    beneficiary_id: Mapped[str] = mapped_column(
        ForeignKey("beneficiaries.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    current_rev: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(32))


class Revision(Base):
    """One version of a document: its content key wrapped under the level DEK, its blob."""

    __tablename__ = "revisions"

    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    rev: Mapped[int] = mapped_column(Integer, primary_key=True)
    data_key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.id"), index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    meta_ct: Mapped[bytes] = mapped_column(LargeBinary)
    blob_sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(32))


class IndexKeyStanza(Base):
    """The station's blind-index key wrapped to a recipient (escrow, agents' cards)."""

    __tablename__ = "index_key_stanzas"

    recipient_fp: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    info: Mapped[bytes] = mapped_column(LargeBinary)
    stanza: Mapped[bytes] = mapped_column(LargeBinary)


class AuditRow(Base):
    """One journal row, hash-chained; the table refuses UPDATE and DELETE (triggers)."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[str] = mapped_column(String(40))
    device: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(128))
    op: Mapped[str] = mapped_column(String(32))
    object: Mapped[str] = mapped_column(String(128))
    ct_sha256: Mapped[str] = mapped_column(String(64))
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
