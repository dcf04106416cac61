"""Event store, outbox, inbox, idempotency keys, beneficiary directory, read models.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

from lgnet_service.migrations import install_base_schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)
STAMP = sa.DateTime(timezone=True)
TABLES = ("support_measures", "placements", "housing_requests", "housing_units")


def upgrade() -> None:
    install_base_schema(op.get_bind())
    op.create_table(
        "beneficiary_directory",
        sa.Column("beneficiary_id", UUID, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False, index=True),
        sa.Column("registered_at", STAMP, nullable=False),
        sa.Column("erased_at", STAMP),
    )
    _units()
    _requests()
    _placements()
    _measures()


def _units() -> None:
    op.create_table(
        "housing_units",
        sa.Column("unit_id", UUID, primary_key=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("beds", sa.Integer, nullable=False),
        sa.Column("occupied", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("registered_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("housing_units_listing", "housing_units", ["municipality", "unit_id"])


def _requests() -> None:
    op.create_table(
        "housing_requests",
        sa.Column("request_id", UUID, primary_key=True),
        sa.Column("referral_id", UUID, nullable=False, unique=True),
        sa.Column("case_id", UUID, nullable=False),
        sa.Column("beneficiary_id", UUID, nullable=False, index=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("urgency", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("received_at", STAMP, nullable=False),
        sa.Column("decided_at", STAMP),
        sa.Column("decided_by", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("housing_requests_listing", "housing_requests", ["municipality", "request_id"])


def _placements() -> None:
    op.create_table(
        "placements",
        sa.Column("placement_id", UUID, primary_key=True),
        sa.Column("beneficiary_id", UUID, nullable=False),
        sa.Column("unit_id", UUID, nullable=False, index=True),
        sa.Column("request_id", UUID),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("outcome", sa.Text),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("placements_listing", "placements", ["municipality", "placement_id"])
    op.create_index(
        "placements_one_open_per_person",
        "placements",
        ["beneficiary_id"],
        unique=True,
        postgresql_where=sa.text("status = 'open'"),
    )


def _measures() -> None:
    op.create_table(
        "support_measures",
        sa.Column("measure_id", UUID, primary_key=True),
        sa.Column("beneficiary_id", UUID, nullable=False, index=True),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("amount_eur", sa.Numeric(11, 2), nullable=False),
        sa.Column("months", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("end_reason", sa.Text),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index(
        "support_measures_listing", "support_measures", ["municipality", "measure_id"]
    )


def downgrade() -> None:
    for table in (*TABLES, "beneficiary_directory"):
        op.drop_table(table)
