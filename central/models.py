"""The platform's tables. No plaintext personal data: ids, states, hashes, ciphertext.

Times are Unix milliseconds (``BigInteger``), the same on SQLite and PostgreSQL. Entity states
are JSON text written by the protocol models (sealed values stay base64 ciphertext).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the central schema."""


class Structure(Base):
    """A structure (CMS, CAF, mairie...): the unit of authorisation and of the pull cursor.

    ``seq`` is the structure's commit sequence: taken under this row's lock, so the order of
    the sequence is the order of the commits.
    """

    __tablename__ = "structures"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[int] = mapped_column(BigInteger)


class Station(Base):
    """An enrolled station and its public key."""

    __tablename__ = "stations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"), index=True)
    public_key: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(120))
    applied_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    enrolled_at: Mapped[int] = mapped_column(BigInteger)
    revoked_at: Mapped[int | None] = mapped_column(BigInteger)


class EnrolCode(Base):
    """A one-time enrolment code, kept as its SHA-256 only."""

    __tablename__ = "enrol_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"), index=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    used_at: Mapped[int | None] = mapped_column(BigInteger)
    station_id: Mapped[str | None] = mapped_column(String(64))


class Nonce(Base):
    """A request nonce seen recently (kept until its timestamp leaves the skew window)."""

    __tablename__ = "nonces"

    station_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)


class Entity(Base):
    """The current state of a synced entity, with the commit sequence of its last change."""

    __tablename__ = "entities"
    __table_args__ = (Index("ux_entities_structure_seq", "structure_id", "seq", unique=True),)

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"))
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[int] = mapped_column(BigInteger)


class OpResultRow(Base):
    """The stored result of every applied operation (never expires: it is also audit)."""

    __tablename__ = "op_results"
    __table_args__ = (Index("ix_op_results_station_op", "station_id", "op_id"),)

    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    op_id: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[int] = mapped_column(BigInteger)


class Blob(Base):
    """A verified blob, visible to one structure (deduplicated within a structure only)."""

    __tablename__ = "blobs"

    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[int] = mapped_column(BigInteger)


class Upload(Base):
    """A resumable upload; kept after completion so its offset can still be asked."""

    __tablename__ = "uploads"
    __table_args__ = (Index("ix_uploads_structure_sha", "structure_id", "sha256"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"))
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[int] = mapped_column(BigInteger)
    completed_at: Mapped[int | None] = mapped_column(BigInteger)


class OutboxMessage(Base):
    """A message to an institution waiting for delivery (its body is the message entity's)."""

    __tablename__ = "outbox_messages"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"), index=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    institution: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[int] = mapped_column(BigInteger)
    delivered_at: Mapped[int | None] = mapped_column(BigInteger, index=True)


class Confirmation(Base):
    """A confirmation code sent by e-mail or SMS: its hash and a masked address only."""

    __tablename__ = "confirmations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    structure_id: Mapped[str] = mapped_column(ForeignKey("structures.id"))
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.id"))
    channel: Mapped[str] = mapped_column(String(8))
    masked_address: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[int] = mapped_column(BigInteger)
    attempts_left: Mapped[int] = mapped_column(Integer)
    verified_at: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[int] = mapped_column(BigInteger)
