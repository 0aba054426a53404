"""Small sealed records (profile, document metadata, wrapped content keys) and their labels.

Each is AES-256-GCM with a random 96-bit nonce, stored as ``nonce || ciphertext || tag``,
and an AAD that is the canonical label of what it is. Labels:

- content of a revision: ``{v, ben, level, doc_id, doc_rev, part: "content"}``
- its metadata: the same with ``part: "meta"``
- its content key, wrapped under the level DEK:
  ``{v, ben, level, ver, dek_id, doc_id, doc_rev, part: "content-key"}``
- the profile: ``{v, ben, level: 1, ver, dek_id, part: "profile"}``
- one profile field, for the sync: the same with ``part: "field:<name>"``

So a document relabelled to another level, beneficiary, revision or key fails to open.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.domain.canonical import canonical_json
from kiosk.vault.errors import IntegrityError


def content_label(ben: str, level: int, doc_id: str, rev: int, part: str = "content") -> bytes:
    """AAD of a revision's content (or, with ``part="meta"``, of its metadata)."""
    return canonical_json(
        {"v": 1, "ben": ben, "level": level, "doc_id": doc_id, "doc_rev": rev, "part": part}
    )


def key_label(ben: str, level: int, ver: int, dek_id: str, doc_id: str, rev: int) -> bytes:
    """AAD of a revision's content key wrapped under a DEK."""
    return canonical_json(
        {
            "v": 1,
            "ben": ben,
            "level": level,
            "ver": ver,
            "dek_id": dek_id,
            "doc_id": doc_id,
            "doc_rev": rev,
            "part": "content-key",
        }
    )


def profile_label(ben: str, ver: int, dek_id: str) -> bytes:
    """AAD of a beneficiary's encrypted profile."""
    return canonical_json(
        {"v": 1, "ben": ben, "level": 1, "ver": ver, "dek_id": dek_id, "part": "profile"}
    )


def field_label(ben: str, ver: int, dek_id: str, name: str) -> bytes:
    """AAD of one profile field sealed on its own (what the sync sends)."""
    return canonical_json(
        {"v": 1, "ben": ben, "level": 1, "ver": ver, "dek_id": dek_id, "part": f"field:{name}"}
    )


def seal(key: bytes | bytearray, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt a small record."""
    nonce = os.urandom(12)
    return nonce + AESGCM(bytes(key)).encrypt(nonce, plaintext, aad)


def unseal(key: bytes | bytearray, sealed: bytes, aad: bytes, what: str, object_id: str) -> bytes:
    """Decrypt a small record.

    Raises:
        IntegrityError: altered, relabelled, or under another key.
    """
    if len(sealed) < 28:
        raise IntegrityError(what, object_id, "record too short")
    try:
        return AESGCM(bytes(key)).decrypt(sealed[:12], sealed[12:], aad)
    except InvalidTag as exc:
        raise IntegrityError(what, object_id, "authentication failed") from exc
