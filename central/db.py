"""The platform's database: SQLite by default, PostgreSQL in production; migrated at start.

Write transactions of one structure are serialised by a row lock on that structure
(:func:`lock_structure`), taken first; the structure's commit sequence is read and advanced
under it. On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` (one writer at a
time, taken at the start rather than failing on upgrade); reads use plain ``BEGIN`` on their
own engine so they run beside a writer (WAL).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from central.models import Base, Structure

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(synchronous: str) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", f"synchronous={synchronous}", "foreign_keys=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    return on_connect


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_deferred(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _sqlite_engine(url: str, begin: Any, synchronous: str = "FULL") -> Engine:
    engine = create_engine(
        url,
        connect_args={"isolation_level": None, "check_same_thread": False, "timeout": 60},
        pool_size=8,
        max_overflow=32,
    )
    event.listen(engine, "connect", _sqlite_pragmas(synchronous))
    event.listen(engine, "begin", begin)
    return engine


class CentralDatabase:
    """Engines and sessions for one database URL."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if parsed.database:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url, _begin_immediate)
            self._lax = _sqlite_engine(url, _begin_immediate, synchronous="NORMAL")
            self._reader = _sqlite_engine(url, _begin_deferred)
        else:
            # psycopg prepares a statement on the server after five uses, and PostgreSQL then
            # plans it once for any values: for the IN lists of a push, that generic plan reads
            # the station's whole history (a 500-op batch went from 20 ms to 800 ms after
            # 20,000 operations). Planning each statement with its values avoids it.
            args: dict[str, Any] = {"prepare_threshold": None}
            self.engine = create_engine(
                url, pool_size=16, max_overflow=32, pool_pre_ping=True, connect_args=args
            )
            # lax writes have their own connections, set once (no SET LOCAL in each one)
            self._lax = create_engine(
                url,
                pool_size=8,
                max_overflow=16,
                pool_pre_ping=True,
                connect_args={**args, "options": "-c synchronous_commit=off"},
            )
            self._reader = self.engine
        self._writes = sessionmaker(self.engine, expire_on_commit=False)
        self._lax_writes = sessionmaker(self._lax, expire_on_commit=False)
        self._reads = sessionmaker(self._reader, expire_on_commit=False)

    def migrate(self) -> None:
        """Bring the schema to the newest revision."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_version(self) -> str | None:
        """The Alembic revision the database is at (None before the first migration)."""
        with self._reader.connect() as connection:
            try:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            except Exception:
                return None
        return None if row is None else str(row[0])

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Session]:
        """A write transaction: committed at the end, rolled back on error.

        Args:
            durable: False for writes whose loss in a power cut (not a process crash) is
                harmless, e.g. an upload offset that only makes the station re-send: the
                commit then does not wait for the disk (PostgreSQL ``synchronous_commit``
                off, SQLite ``synchronous=NORMAL``); commits stay atomic and in order.
        """
        maker = self._writes if durable else self._lax_writes
        with maker.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction (one snapshot on SQLite; read committed on PostgreSQL)."""
        with self._reads.begin() as session:
            yield session

    def dispose(self) -> None:
        """Release every connection."""
        for engine in {self.engine, self._lax, self._reader}:
            engine.dispose()


def insert_rows(session: Session, table: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows at once: ``COPY`` on PostgreSQL (about 3x faster than a pipelined
    ``executemany`` for a push batch), ``executemany`` on SQLite."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    driver = connection.connection.driver_connection
    if driver is None:  # pragma: no cover - only after the pool has been disposed
        raise RuntimeError("database connection is closed")
    with driver.cursor() as cursor:
        copy_sql = f"COPY {table.__tablename__} ({names}) FROM STDIN"
        with cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])


def lock_structure(session: Session, structure_id: str) -> int | None:
    """Take the structure's write lock until commit; its commit sequence (None: unknown)."""
    statement = select(Structure.seq).where(Structure.id == structure_id).with_for_update()
    value = session.execute(statement).scalar_one_or_none()
    return None if value is None else int(value)
