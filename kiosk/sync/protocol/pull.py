"""Pull: the entities of the station's structure changed since a commit-ordered cursor.

``GET /v1/sync/pull?cursor=<opaque>&limit=<n>`` answers the entities whose last change has a
commit sequence above the cursor, in that order, each with its whole current state (an entity
changed five times since the cursor comes once). The server assigns the commit sequence per
structure while holding that structure's write lock, so sequence order is commit order: a
reader can never see seq 12 committed and later find a seq 11 it skipped.

The cursor is opaque to the station: keep ``next_cursor`` in the same local transaction as the
changes of the page, and send it back as is. Start from ``""``. ``cursor_invalid`` or
``cursor_ahead`` (the server was restored behind the station) mean: pull again from ``""``.
Deletions, when they come, will be changes with ``deleted`` set, on the same sequence.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping

from pydantic import BaseModel, Field

from kiosk.sync.protocol.state import EntityKind, EntityState
from kiosk.sync.protocol.values import Id

START_CURSOR = ""
DEFAULT_LIMIT = 500
MAX_LIMIT = 2000
_CURSOR_VERSION = 1


class Change(BaseModel):
    """One entity as it is now.

    Attributes:
        kind: what it is.
        id: its id.
        seq: the commit sequence of its last change.
        version: its version.
        deleted: True for a tombstone (``state`` then empty).
        state: its content.
    """

    kind: EntityKind
    id: Id
    seq: int
    version: int
    deleted: bool = False
    state: EntityState = Field(default_factory=EntityState)


class PullResponse(BaseModel):
    """One page of changes.

    Attributes:
        changes: in commit order.
        next_cursor: the cursor after this page (the same one if the page is empty).
        has_more: True if another page is ready now.
        server_hlc: merge it into the station's clock.
    """

    changes: list[Change]
    next_cursor: str
    has_more: bool
    server_hlc: int


def encode_cursor(positions: Mapping[str, int]) -> str:
    """The opaque cursor for per-scope positions (a scope is a structure id)."""
    doc = {"v": _CURSOR_VERSION, "p": dict(sorted(positions.items()))}
    raw = json.dumps(doc, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(text: str) -> dict[str, int]:
    """The per-scope positions of a cursor (empty for :data:`START_CURSOR`).

    Raises:
        ValueError: not a cursor of this protocol version.
    """
    if text == START_CURSOR:
        return {}
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        doc = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError("unreadable cursor") from None
    if not isinstance(doc, dict) or doc.get("v") != _CURSOR_VERSION:
        raise ValueError("not a version 1 cursor")
    positions = doc.get("p")
    if not isinstance(positions, dict):
        raise ValueError("cursor without positions")
    result: dict[str, int] = {}
    for scope, seq in positions.items():
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise ValueError("bad cursor position")
        result[str(scope)] = seq
    return result
