"""Duplicate checks in the access log: from which municipalities the check came.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("access_log", sa.Column("requested_from", pg.ARRAY(sa.Text)))
    op.create_index(
        "access_log_purpose", "access_log", ["purpose", "municipality", "entry_id"]
    )


def downgrade() -> None:
    op.drop_index("access_log_purpose", "access_log")
    op.drop_column("access_log", "requested_from")
