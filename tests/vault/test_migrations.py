"""The schema comes from Alembic migrations that match the models, applied on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from kiosk.vault.db import HEAD_REVISION, MIGRATIONS, Database
from kiosk.vault.models import Base


def test_head_constant_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_build_exactly_the_models_and_rerun_cleanly(tmp_path: Path) -> None:
    db = Database(tmp_path / "v.sqlite3")
    assert db.schema_version() is None
    db.migrate()
    db.migrate()
    assert db.schema_version() == HEAD_REVISION
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    db.close()
    raw = sqlite3.connect(tmp_path / "v.sqlite3")
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    raw.close()
    assert (tmp_path / "v.sqlite3").stat().st_mode & 0o777 == 0o600


def test_pragmas_on_every_connection(tmp_path: Path) -> None:
    db = Database(tmp_path / "v.sqlite3")
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        values = {
            name: raw.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete")
        }
    assert values == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "secure_delete": 1,
    }
    db.close()
