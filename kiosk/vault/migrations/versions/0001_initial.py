"""Initial vault schema: directory, data keys and stanzas, documents, journal.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "beneficiaries",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name_index", sa.String(64), nullable=False),
        sa.Column("card_index", sa.String(64), nullable=True),
        sa.Column("profile_dek_id", sa.String(32), nullable=False),
        sa.Column("profile_ct", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_beneficiaries_name_index", "beneficiaries", ["name_index"])
    op.create_index("ix_beneficiaries_card_index", "beneficiaries", ["card_index"])
    op.create_table(
        "data_keys",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "beneficiary_id",
            sa.String(32),
            sa.ForeignKey("beneficiaries.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("beneficiary_id", "level", "version"),
    )
    op.create_index("ix_data_keys_beneficiary_id", "data_keys", ["beneficiary_id"])
    op.create_table(
        "key_stanzas",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "data_key_id",
            sa.String(32),
            sa.ForeignKey("data_keys.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("recipient_fp", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("proxy_id", sa.String(64), nullable=True),
        sa.Column("recipient_der", sa.LargeBinary(), nullable=False),
        sa.Column("info", sa.LargeBinary(), nullable=False),
        sa.Column("stanza", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("data_key_id", "recipient_fp"),
    )
    op.create_index("ix_key_stanzas_data_key_id", "key_stanzas", ["data_key_id"])
    op.create_index("ix_key_stanzas_recipient_fp", "key_stanzas", ["recipient_fp"])
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "beneficiary_id",
            sa.String(32),
            sa.ForeignKey("beneficiaries.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("current_rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_documents_beneficiary_id", "documents", ["beneficiary_id"])
    op.create_table(
        "revisions",
        sa.Column(
            "document_id",
            sa.String(32),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rev", sa.Integer(), primary_key=True),
        sa.Column("data_key_id", sa.String(32), sa.ForeignKey("data_keys.id"), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("meta_ct", sa.LargeBinary(), nullable=False),
        sa.Column("blob_sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_revisions_data_key_id", "revisions", ["data_key_id"])
    op.create_index("ix_revisions_blob_sha256", "revisions", ["blob_sha256"])
    op.create_table(
        "index_key_stanzas",
        sa.Column("recipient_fp", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("info", sa.LargeBinary(), nullable=False),
        sa.Column("stanza", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("ts", sa.String(40), nullable=False),
        sa.Column("device", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("op", sa.String(32), nullable=False),
        sa.Column("object", sa.String(128), nullable=False),
        sa.Column("ct_sha256", sa.String(64), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    # The journal is append-only: the database itself refuses edits and deletions.
    op.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit journal is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit journal is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    for table in (
        "audit_events",
        "index_key_stanzas",
        "revisions",
        "documents",
        "key_stanzas",
        "data_keys",
        "beneficiaries",
    ):
        op.drop_table(table)
