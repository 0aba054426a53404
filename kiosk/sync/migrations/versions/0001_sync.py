"""Sync tables: outbox, sync state, "à traiter", shadow copy, uploaded blobs.

Revision ID: s0001
Revises:
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("op_id", sa.String(64), nullable=False, unique=True),
        sa.Column("op_type", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("op_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result_status", sa.String(16), nullable=True),
        sa.Column("result_code", sa.String(40), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("done_at", sa.String(32), nullable=True),
    )
    op.create_index("ix_sync_outbox_state", "sync_outbox", ["state"])
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "sync_todo",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.String(64), nullable=False),
        sa.Column("op_type", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("code", sa.String(40), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("conflict_ids", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("resolved_at", sa.String(32), nullable=True),
    )
    op.create_index("ix_sync_todo_seq", "sync_todo", ["seq"])
    op.create_index("ix_sync_todo_resolved_at", "sync_todo", ["resolved_at"])
    op.create_table(
        "sync_uploaded",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("done_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "sync_shadow",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in ("sync_shadow", "sync_uploaded", "sync_todo", "sync_state", "sync_outbox"):
        op.drop_table(table)
