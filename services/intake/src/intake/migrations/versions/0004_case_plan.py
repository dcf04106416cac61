"""The case plan in the case view.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case_view", sa.Column("plan", pg.JSONB))


def downgrade() -> None:
    op.drop_column("case_view", "plan")
