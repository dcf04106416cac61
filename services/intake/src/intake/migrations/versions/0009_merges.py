"""Merged records and the duplicate review queue.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("beneficiary_directory", sa.Column("merged_into", UUID))
    op.create_table(
        "duplicate_reviews",
        sa.Column("review_id", UUID, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("beneficiary_id", UUID, nullable=False),
        sa.Column("candidate_id", UUID, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created_at", STAMP, nullable=False, server_default=sa.func.now()),
        sa.Column("decided_at", STAMP),
        sa.Column("decided_by", sa.Text),
    )
    op.create_index(
        "duplicate_reviews_queue", "duplicate_reviews", ["municipality", "status", "review_id"]
    )


def downgrade() -> None:
    op.drop_table("duplicate_reviews")
    op.drop_column("beneficiary_directory", "merged_into")
