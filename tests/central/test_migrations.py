"""The Alembic migrations build exactly the schema the models declare, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from central.db import CentralDatabase
from central.models import Base


def test_migrations_match_the_models(fresh_database_url: str) -> None:
    db = CentralDatabase(fresh_database_url)
    try:
        assert db.schema_version() is None
        db.migrate()
        db.migrate()  # again: nothing to do
        assert db.schema_version() == "0001"
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.dispose()
