"""The small value types of the protocol: identifiers, sealed values, SHA-256 names.

The platform stores ciphertext and wrapped keys only. A *sealed* value is the base64 of what
the station's vault produced (``nonce || ciphertext || tag`` under a beneficiary's key, or an
HPKE stanza): the server keeps it, versions it and hands it back, never reads it. What the
server does read is metadata: ids, field names, request states, sizes, hashes.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

# AES-GCM: 12-byte nonce + 16-byte tag around at least an empty plaintext.
SEALED_MIN_BYTES = 28
SEALED_MAX_BYTES = 256 * 1024

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
"""A client- or server-chosen identifier (UUIDs, ``st_...``, structure codes)."""

FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
"""The name of a sealed field (metadata: visible to the server)."""

Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""Lower-case hex SHA-256: the name of a blob (the hash of its ciphertext)."""


def _check_sealed(text: str) -> str:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("sealed value: not base64") from None
    if len(raw) < SEALED_MIN_BYTES:
        raise ValueError(f"sealed value: {len(raw)} bytes, at least {SEALED_MIN_BYTES} expected")
    if len(raw) > SEALED_MAX_BYTES:
        raise ValueError(f"sealed value: more than {SEALED_MAX_BYTES} bytes")
    return text


Sealed = Annotated[str, AfterValidator(_check_sealed)]
"""Base64 (standard alphabet, padded) of ciphertext the server cannot read."""


def seal_text(raw: bytes) -> str:
    """The wire form of sealed bytes."""
    return base64.b64encode(raw).decode("ascii")


def unseal_text(text: str) -> bytes:
    """The bytes of a sealed value's wire form."""
    return base64.b64decode(text, validate=True)
