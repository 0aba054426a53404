"""Writing a structure's entities: one lock, commit sequence numbers, bulk writes.

:class:`ScopeWriter` takes the structure's row lock first and holds it to the commit; the
entities changed in the transaction get the next commit sequence numbers when
:meth:`ScopeWriter.flush` runs, just before the commit. Two transactions of one structure
cannot interleave, so sequence order is commit order and a pull never skips a change that
commits later with a smaller number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.db import insert_rows, lock_structure
from central.models import Entity, Structure
from kiosk.sync.protocol.merge import Versioned
from kiosk.sync.protocol.state import EntityKind, EntityState

Key = tuple[str, str]


@dataclass(slots=True)
class Stored:
    """An entity as loaded or as changed in this transaction.

    Attributes:
        structure_id: its owner (may differ from the writer's: then it is not writable).
        version: its version.
        state: its content.
        new: True if it is not in the database yet.
    """

    structure_id: str
    version: int
    state: EntityState
    new: bool = False

    def versioned(self) -> Versioned:
        """The view the merge rules take."""
        return Versioned(self.version, self.state)


class UnknownStructure(LookupError):
    """The structure does not exist."""


class ScopeWriter:
    """The entities of one structure, changed within one transaction.

    Args:
        session: the write transaction.
        structure_id: the structure; its lock is taken here.
        now_ms: the time written as ``updated_at``.

    Raises:
        UnknownStructure: no such structure.
    """

    def __init__(self, session: Session, structure_id: str, now_ms: int) -> None:
        seq = lock_structure(session, structure_id)
        if seq is None:
            raise UnknownStructure(structure_id)
        self.session = session
        self.structure_id = structure_id
        self.head = seq
        self._now = now_ms
        self._cache: dict[Key, Stored | None] = {}
        self._dirty: dict[Key, Stored] = {}

    def load(self, keys: Iterable[Key]) -> None:
        """Fetch, in one query, the entities not loaded yet (absent ones are remembered)."""
        wanted = {key for key in keys if key not in self._cache}
        if not wanted:
            return
        by_kind: dict[str, list[str]] = {}
        for kind, entity_id in sorted(wanted):
            by_kind.setdefault(kind, []).append(entity_id)
        columns = (Entity.id, Entity.structure_id, Entity.version, Entity.state)
        for kind, ids in by_kind.items():  # one index range per kind (the key is kind, id)
            statement = select(*columns).where(Entity.kind == kind, Entity.id.in_(ids))
            for entity_id, structure_id, version, state in self.session.execute(statement):
                parsed = EntityState.model_validate_json(state)
                self._cache[(kind, entity_id)] = Stored(structure_id, version, parsed)
        for key in wanted:
            self._cache.setdefault(key, None)

    def get(self, kind: EntityKind, entity_id: str) -> Stored | None:
        """The entity (loaded on demand), or None if it does not exist."""
        key = (kind.value, entity_id)
        if key not in self._cache:
            self.load([key])
        return self._cache[key]

    def put(self, kind: EntityKind, entity_id: str, version: int, state: EntityState) -> None:
        """Record the new state of an entity of this structure."""
        key = (kind.value, entity_id)
        before = self.get(kind, entity_id)
        stored = Stored(self.structure_id, version, state, new=before is None or before.new)
        self._dirty.pop(key, None)  # re-inserted: its seq follows its last change
        self._dirty[key] = stored
        self._cache[key] = stored

    def flush(self) -> int:
        """Give the changed entities their commit sequence numbers and write them.

        Returns:
            The structure's commit sequence after this transaction.
        """
        if not self._dirty:
            return self.head
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for (kind, entity_id), stored in self._dirty.items():
            self.head += 1
            row: dict[str, Any] = {
                "kind": kind,
                "id": entity_id,
                "version": stored.version,
                "seq": self.head,
                "state": stored.state.model_dump_json(),
                "updated_at": self._now,
            }
            if stored.new:
                row.update(structure_id=self.structure_id, deleted=False)
                inserts.append(row)
            else:
                updates.append(row)
        if inserts:
            insert_rows(self.session, Entity, inserts)
        if updates:
            self.session.execute(update(Entity), updates)
        self.session.execute(
            update(Structure).where(Structure.id == self.structure_id).values(seq=self.head)
        )
        for stored in self._dirty.values():
            stored.new = False
        self._dirty.clear()
        return self.head
