"""Follow-ups, assignment and unanswered referrals in the case view.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case_view", sa.Column("assigned_to", sa.Text))
    op.add_column(
        "case_view",
        sa.Column("follow_ups", pg.JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    op.add_column("case_view", sa.Column("next_due_on", sa.Date))
    op.add_column("case_view", sa.Column("pending_referral_since", sa.DateTime(timezone=True)))
    op.create_index("case_view_work_queue", "case_view", ["assigned_to", "next_due_on"])


def downgrade() -> None:
    op.drop_index("case_view_work_queue", "case_view")
    for column in ("pending_referral_since", "next_due_on", "follow_ups", "assigned_to"):
        op.drop_column("case_view", column)
