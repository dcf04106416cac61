"""Complaints and feedback.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)


def upgrade() -> None:
    op.create_table(
        "complaint_view",
        sa.Column("complaint_id", UUID, primary_key=True),
        sa.Column("beneficiary_id", UUID, nullable=False),
        sa.Column("case_id", UUID),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("received_by", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("resolution", sa.Text),
        sa.Column("answer", sa.Text),
        sa.Column("answered_on", sa.Date),
        sa.Column("answered_by", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index(
        "complaint_view_listing", "complaint_view", ["municipality", "status", "complaint_id"]
    )


def downgrade() -> None:
    op.drop_table("complaint_view")
