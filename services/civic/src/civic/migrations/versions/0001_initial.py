"""Event store, outbox, inbox, idempotency keys, beneficiary directory, read models.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

from lgnet_service.directory import install_directory_schema
from lgnet_service.migrations import install_base_schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)
STAMP = sa.DateTime(timezone=True)
VIEWS = (
    "community_activity_view",
    "individual_project_view",
    "candidate_view",
    "civic_project_view",
)


def upgrade() -> None:
    bind = op.get_bind()
    install_base_schema(bind)
    install_directory_schema(bind)
    op.create_table(
        "civic_project_view",
        sa.Column("project_id", UUID, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
        sa.Column("host_organisation", sa.Text, nullable=False),
        sa.Column("places", sa.Integer, nullable=False),
        sa.Column("occupied", sa.Integer, nullable=False),
        sa.Column("planned_hours", sa.Integer, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index(
        "civic_project_view_listing", "civic_project_view", ["municipality", "project_id"]
    )
    op.create_table(
        "candidate_view",
        sa.Column("candidate_id", UUID, primary_key=True),
        sa.Column("referral_id", UUID, nullable=False, unique=True),
        sa.Column("case_id", UUID, nullable=False),
        sa.Column("beneficiary_id", UUID, nullable=False, index=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("received_at", STAMP, nullable=False),
        sa.Column("decided_at", STAMP),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("candidate_view_listing", "candidate_view", ["municipality", "candidate_id"])
    op.create_table(
        "individual_project_view",
        sa.Column("individual_project_id", UUID, primary_key=True),
        sa.Column("project_id", UUID, nullable=False, index=True),
        sa.Column("beneficiary_id", UUID, nullable=False, index=True),
        sa.Column("candidate_id", UUID, index=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("tutor", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("planned_hours", sa.Integer, nullable=False),
        sa.Column("hours_logged", sa.Numeric(10, 2), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("outcome", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index(
        "individual_project_view_listing",
        "individual_project_view",
        ["municipality", "individual_project_id"],
    )
    op.create_table(
        "community_activity_view",
        sa.Column("activity_id", UUID, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("beneficiary_ids", pg.ARRAY(UUID), nullable=False),
        sa.Column("resident_participants", sa.Integer, nullable=False),
        sa.Column("participants", sa.Integer, nullable=False),
        sa.Column("recorded_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index(
        "community_activity_view_listing",
        "community_activity_view",
        ["municipality", "activity_id"],
    )


def downgrade() -> None:
    for table in VIEWS:
        op.drop_table(table)
