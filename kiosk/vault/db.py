"""The vault database: SQLite in WAL mode with ``synchronous=FULL``, migrated on open.

Every write transaction starts with ``BEGIN IMMEDIATE`` so two processes (the app and a
sync worker, or a crashed writer's successor) never both plan the next journal row.
``secure_delete`` overwrites deleted content, so a shredded key does not linger in free
pages; ``checkpoint()`` moves the WAL into the main file and truncates it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration. Alembic (0.6 s to import) is loaded only when the file is behind it;
# a test checks this constant against Alembic's own head.
HEAD_REVISION = "0001"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "secure_delete=ON",
        "busy_timeout=10000",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The vault's SQLite file and its sessions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        # isolation_level=None hands transaction control to us (BEGIN IMMEDIATE below).
        self.engine: Engine = create_engine(
            f"sqlite+pysqlite:///{path}", connect_args={"isolation_level": None}
        )
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        """Bring the schema to the newest revision (run at every start)."""
        if self.schema_version() == HEAD_REVISION:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed at the end, rolled back on error."""
        with self._sessions.begin() as session:
            yield session

    def checkpoint(self) -> None:
        """Fold the WAL into the database file and truncate it (after a shred)."""
        with self.engine.connect() as connection:
            # Straight to the driver: a checkpoint cannot run inside the BEGIN IMMEDIATE that
            # SQLAlchemy would open first. Readers elsewhere make it partial, never fail.
            raw = connection.connection.driver_connection
            if raw is None:  # pragma: no cover - only after the pool has been disposed
                raise RuntimeError("database connection is closed")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def schema_version(self) -> str | None:
        """The Alembic revision the file is at."""
        with self.engine.connect() as connection:
            try:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            except Exception:
                return None
        return None if row is None else str(row[0])

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
