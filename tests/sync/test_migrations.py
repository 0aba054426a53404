"""The sync tables come from their own Alembic chain, beside the vault's in one file."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from kiosk.sync import outbox, shadow
from kiosk.vault.db import HEAD_REVISION as VAULT_HEAD
from kiosk.vault.db import Database
from kiosk.vault.models import Base


def test_head_constant_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(outbox.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == outbox.HEAD_REVISION


def test_the_chain_builds_exactly_the_models_beside_the_vault(tmp_path: Path) -> None:
    db = Database(tmp_path / "station.sqlite3")
    db.migrate()
    outbox.create_tables(db.engine)
    outbox.create_tables(db.engine)  # again: nothing to do
    assert outbox.schema_version(db.engine) == outbox.HEAD_REVISION
    assert db.schema_version() == VAULT_HEAD  # the vault's chain is untouched
    assert shadow.ShadowRow.__table__.metadata is outbox.metadata
    with db.engine.connect() as connection:
        sync_only = MigrationContext.configure(
            connection,
            opts={
                "version_table": outbox.VERSION_TABLE,
                "include_name": lambda name, kind, _parent: (
                    kind != "table" or name.startswith("sync_")
                ),
            },
        )
        vault_only = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _parent: (
                    kind != "table" or not name.startswith("sync_")
                )
            },
        )
        assert compare_metadata(sync_only, outbox.metadata) == []
        assert compare_metadata(vault_only, Base.metadata) == []
    db.close()
