"""Event store, outbox, inbox, idempotency keys, person keys, read models, fingerprints.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

from lgnet_privacy import metadata as privacy_metadata
from lgnet_service.migrations import install_base_schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    bind = op.get_bind()
    install_base_schema(bind)
    privacy_metadata.create_all(bind)
    op.create_table(
        "beneficiary_directory",
        sa.Column("beneficiary_id", UUID, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False, index=True),
        sa.Column("sex", sa.Text, nullable=False),
        sa.Column("birth_year", sa.Integer, nullable=False),
        sa.Column("nationality", sa.Text, nullable=False),
        sa.Column("languages", pg.ARRAY(sa.Text), nullable=False),
        sa.Column("personal_data", sa.Text),
        sa.Column("erased", sa.Boolean, nullable=False),
        sa.Column("registered_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "case_view",
        sa.Column("case_id", UUID, primary_key=True),
        sa.Column("beneficiary_id", UUID, nullable=False, index=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("contact_point", sa.Text, nullable=False),
        sa.Column("urgency", sa.Text, nullable=False),
        sa.Column("vulnerabilities", sa.Text),
        sa.Column("opened_at", STAMP, nullable=False),
        sa.Column("closed_at", STAMP),
        sa.Column("outcome", sa.Text),
        sa.Column("assessments", pg.JSONB, nullable=False),
        sa.Column("support_count", sa.Integer, nullable=False),
        sa.Column("support_minutes", sa.Integer, nullable=False),
        sa.Column("referrals", pg.JSONB, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("case_view_listing", "case_view", ["municipality", "case_id"])
    op.create_table(
        "beneficiary_fingerprints",
        sa.Column("beneficiary_id", UUID, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.LargeBinary, nullable=False),
        sa.Column("recorded_at", STAMP, nullable=False, server_default=sa.func.now()),
    )
    op.create_index(
        "beneficiary_fingerprints_lookup", "beneficiary_fingerprints", ["municipality", "fingerprint"]
    )


def downgrade() -> None:
    for table in ("beneficiary_fingerprints", "case_view", "beneficiary_directory"):
        op.drop_table(table)
