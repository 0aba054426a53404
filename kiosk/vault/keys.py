"""Data keys (DEKs) and their stanzas: create, wrap to recipients, unwrap, shred.

One 32-byte DEK per (beneficiary, sensitivity level, version). It is stored only as HPKE
stanzas, one per recipient: the beneficiary's card, each agent under a proxy whose
``max_level`` reaches the level, and the institutional escrow. The stanza's HPKE ``info`` is
the canonical label ``{v, ben, level, ver, dek_id, role, recipient, proxy, max_level}``: a
stanza moved to another level, version or beneficiary does not open.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from enum import StrEnum

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.canonical import canonical_json
from kiosk.vault import hpke
from kiosk.vault.errors import IntegrityError
from kiosk.vault.models import DataKey, KeyStanza
from kiosk.vault.recipients import KeyAgreement, fingerprint

LEVELS = (1, 2, 3)


class Role(StrEnum):
    """Why a recipient holds a key."""

    BENEFICIARY = "beneficiary"
    AGENT = "agent"
    ESCROW = "escrow"


@dataclass(frozen=True, slots=True)
class Recipient:
    """A public key a DEK is wrapped to, and on what grounds."""

    role: Role
    public_key: ec.EllipticCurvePublicKey
    proxy_id: str | None = None
    max_level: int | None = None

    @property
    def fp(self) -> str:
        """The recipient's fingerprint."""
        return fingerprint(self.public_key)


def new_id() -> str:
    """A random 128-bit id, hex: no meaning, nothing personal."""
    return secrets.token_hex(16)


def stanza_info(key: DataKey, recipient: Recipient) -> bytes:
    """The HPKE info binding a stanza to its key and recipient."""
    return canonical_json(
        {
            "v": 1,
            "ben": key.beneficiary_id,
            "level": key.level,
            "ver": key.version,
            "dek_id": key.id,
            "role": recipient.role.value,
            "recipient": recipient.fp,
            "proxy": recipient.proxy_id,
            "max_level": recipient.max_level,
        }
    )


def wrap(session: Session, key: DataKey, dek: bytes | bytearray, recipient: Recipient) -> None:
    """Add (or replace) the stanza of ``key`` for ``recipient``."""
    info = stanza_info(key, recipient)
    existing = session.execute(
        select(KeyStanza).where(
            KeyStanza.data_key_id == key.id, KeyStanza.recipient_fp == recipient.fp
        )
    ).scalar_one_or_none()
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(
        KeyStanza(
            data_key_id=key.id,
            recipient_fp=recipient.fp,
            role=recipient.role.value,
            proxy_id=recipient.proxy_id,
            recipient_der=recipient.public_key.public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
            info=info,
            stanza=hpke.seal(recipient.public_key, bytes(dek), info),
        )
    )


def create(
    session: Session,
    beneficiary_id: str,
    level: int,
    version: int,
    now: str,
    recipients: list[Recipient],
) -> tuple[DataKey, bytearray]:
    """A fresh DEK for (beneficiary, level, version), wrapped to every recipient."""
    key = DataKey(
        id=new_id(), beneficiary_id=beneficiary_id, level=level, version=version, created_at=now
    )
    session.add(key)
    session.flush()
    dek = bytearray(secrets.token_bytes(32))
    for recipient in recipients:
        wrap(session, key, dek, recipient)
    return key, dek


def recipients_of(session: Session, key: DataKey) -> list[Recipient]:
    """The recipients a DEK is wrapped to now, read back from its stanzas."""
    result = []
    for stanza in session.execute(
        select(KeyStanza).where(KeyStanza.data_key_id == key.id).order_by(KeyStanza.id)
    ).scalars():
        public = serialization.load_der_public_key(stanza.recipient_der)
        if not isinstance(public, ec.EllipticCurvePublicKey):
            raise IntegrityError("stanza", str(stanza.id), "recipient is not an EC key")
        label = json.loads(stanza.info)
        result.append(Recipient(Role(stanza.role), public, stanza.proxy_id, label.get("max_level")))
    return result


def current(session: Session, beneficiary_id: str, level: int) -> DataKey | None:
    """The newest DEK version of a level."""
    return session.execute(
        select(DataKey)
        .where(DataKey.beneficiary_id == beneficiary_id, DataKey.level == level)
        .order_by(DataKey.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def unwrap(session: Session, key: DataKey, holder: KeyAgreement) -> tuple[bytearray, Role] | None:
    """Open the stanza of ``key`` for ``holder``; None if it has none.

    Raises:
        IntegrityError: the stanza exists but its label does not match the key or it fails.
    """
    fp = fingerprint(holder.public_key())
    stanza = session.execute(
        select(KeyStanza).where(KeyStanza.data_key_id == key.id, KeyStanza.recipient_fp == fp)
    ).scalar_one_or_none()
    if stanza is None:
        return None
    try:
        label = json.loads(stanza.info)
    except ValueError as exc:
        raise IntegrityError("stanza", key.id, "label is not JSON") from exc
    expected = {
        "ben": key.beneficiary_id,
        "level": key.level,
        "ver": key.version,
        "dek_id": key.id,
        "role": stanza.role,
        "recipient": fp,
    }
    if any(label.get(name) != value for name, value in expected.items()):
        raise IntegrityError("stanza", key.id, "label does not match the key")
    try:
        dek = bytearray(hpke.open_stanza(holder, stanza.stanza, stanza.info))
    except hpke.StanzaError as exc:
        raise IntegrityError("stanza", key.id, str(exc)) from exc
    if len(dek) != 32:
        raise IntegrityError("stanza", key.id, "wrapped key has the wrong size")
    return dek, Role(stanza.role)


def zeroise(buffer: bytearray) -> None:
    """Overwrite a key in memory (best effort: libraries may hold their own copies)."""
    for index in range(len(buffer)):
        buffer[index] = 0
