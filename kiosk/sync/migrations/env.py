"""Alembic environment of the sync tables: their own chain and version table, in the
station's database beside the vault's (each package owns its schema)."""

from __future__ import annotations

from alembic import context

from kiosk.sync import shadow  # noqa: F401 - registers the shadow table on the metadata
from kiosk.sync.outbox import VERSION_TABLE, metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
