"""Import jobs: progress and report of CSV imports run beside the request.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "import_jobs",
        sa.Column("import_id", pg.UUID(as_uuid=True), primary_key=True),
        sa.Column("started_by", sa.Text, nullable=False),
        sa.Column("municipalities", pg.ARRAY(sa.Text), nullable=False),
        sa.Column("dry_run", sa.Boolean, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("rows_total", sa.Integer),
        sa.Column("rows_checked", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_written", sa.Integer, nullable=False, server_default="0"),
        sa.Column("report", pg.JSONB),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("import_jobs")
