"""Match keys for possible duplicates across spellings and municipalities.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_keys",
        sa.Column("beneficiary_id", pg.UUID(as_uuid=True), primary_key=True),
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("match_key", sa.LargeBinary, nullable=False),
    )
    op.create_index("match_keys_lookup", "match_keys", ["match_key"])


def downgrade() -> None:
    op.drop_table("match_keys")
