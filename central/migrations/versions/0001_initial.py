"""Initial central schema: structures, stations, enrolment, nonces, entities, results, blobs.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_MS = sa.BigInteger()


def _structure_fk() -> sa.ForeignKey:
    return sa.ForeignKey("structures.id")


def _station_fk() -> sa.ForeignKey:
    return sa.ForeignKey("stations.id")


def upgrade() -> None:
    op.create_table(
        "structures",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", _MS, nullable=False),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("structure_id", sa.String(64), _structure_fk(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("applied_seq", sa.BigInteger(), nullable=False),
        sa.Column("enrolled_at", _MS, nullable=False),
        sa.Column("revoked_at", _MS, nullable=True),
    )
    op.create_index("ix_stations_structure_id", "stations", ["structure_id"])
    op.create_table(
        "enrol_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("structure_id", sa.String(64), _structure_fk(), nullable=False),
        sa.Column("created_at", _MS, nullable=False),
        sa.Column("expires_at", _MS, nullable=False),
        sa.Column("used_at", _MS, nullable=True),
        sa.Column("station_id", sa.String(64), nullable=True),
    )
    op.create_index("ix_enrol_codes_structure_id", "enrol_codes", ["structure_id"])
    op.create_table(
        "nonces",
        sa.Column("station_id", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("expires_at", _MS, nullable=False),
    )
    op.create_index("ix_nonces_expires_at", "nonces", ["expires_at"])
    op.create_table(
        "entities",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("structure_id", sa.String(64), _structure_fk(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("updated_at", _MS, nullable=False),
    )
    op.create_index("ux_entities_structure_seq", "entities", ["structure_id", "seq"], unique=True)
    op.create_table(
        "op_results",
        sa.Column("station_id", sa.String(64), _station_fk(), primary_key=True),
        sa.Column("seq", sa.BigInteger(), primary_key=True),
        sa.Column("op_id", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("applied_at", _MS, nullable=False),
    )
    op.create_index("ix_op_results_station_op", "op_results", ["station_id", "op_id"])
    op.create_table(
        "blobs",
        sa.Column("structure_id", sa.String(64), _structure_fk(), primary_key=True),
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", _MS, nullable=False),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("structure_id", sa.String(64), _structure_fk(), nullable=False),
        sa.Column("station_id", sa.String(64), _station_fk(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("created_at", _MS, nullable=False),
        sa.Column("completed_at", _MS, nullable=True),
    )
    op.create_index("ix_uploads_structure_sha", "uploads", ["structure_id", "sha256"])
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("structure_id", sa.String(64), _structure_fk(), nullable=False),
        sa.Column("station_id", sa.String(64), _station_fk(), nullable=False),
        sa.Column("institution", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", _MS, nullable=False),
        sa.Column("delivered_at", _MS, nullable=True),
    )
    op.create_index("ix_outbox_messages_structure_id", "outbox_messages", ["structure_id"])
    op.create_index("ix_outbox_messages_delivered_at", "outbox_messages", ["delivered_at"])
    op.create_table(
        "confirmations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("structure_id", sa.String(64), _structure_fk(), nullable=False),
        sa.Column("station_id", sa.String(64), _station_fk(), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("masked_address", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", _MS, nullable=False),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        sa.Column("verified_at", _MS, nullable=True),
        sa.Column("created_at", _MS, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "confirmations",
        "outbox_messages",
        "uploads",
        "blobs",
        "op_results",
        "entities",
        "nonces",
        "enrol_codes",
        "stations",
        "structures",
    ):
        op.drop_table(table)
