"""Break-glass grants.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "break_glass_grants",
        sa.Column("grant_id", UUID, primary_key=True),
        sa.Column("beneficiary_id", UUID, nullable=False),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("granted_to", sa.Text, nullable=False),
        sa.Column("requested_from", pg.ARRAY(sa.Text), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("granted_at", STAMP, nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
    )
    op.create_index(
        "break_glass_lookup", "break_glass_grants", ["beneficiary_id", "granted_to", "expires_at"]
    )
    op.create_index("break_glass_listing", "break_glass_grants", ["municipality", "grant_id"])


def downgrade() -> None:
    op.drop_table("break_glass_grants")
