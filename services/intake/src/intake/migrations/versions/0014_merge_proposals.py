"""Merge proposals across municipalities; merged records that point to another municipality.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "beneficiary_directory",
        sa.Column("merged_elsewhere", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "merge_proposals",
        sa.Column("proposal_id", UUID, primary_key=True),
        sa.Column("asking_municipality", sa.Text, nullable=False),
        sa.Column("asking_id", UUID, nullable=False),
        sa.Column("receiving_municipality", sa.Text, nullable=False),
        sa.Column("receiving_id", UUID, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("asked_by", sa.Text, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided_at", STAMP),
        sa.Column("stays", sa.Text),
        sa.Column("reason", sa.Text),
    )
    op.create_index(
        "merge_proposals_receiving",
        "merge_proposals",
        ["receiving_municipality", "proposal_id"],
    )
    op.create_index(
        "merge_proposals_asking", "merge_proposals", ["asking_municipality", "proposal_id"]
    )
    op.create_index(
        "merge_proposals_one_open",
        "merge_proposals",
        ["asking_id", "receiving_id"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
    )


def downgrade() -> None:
    op.drop_table("merge_proposals")
    op.drop_column("beneficiary_directory", "merged_elsewhere")
