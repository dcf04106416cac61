"""Retention per data category: the access log may lose entries older than a year, and only
to retention; each retention run is recorded with its counts.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: UPDATE and TRUNCATE stay refused; DELETE only inside a retention run (a transaction that
#: set ``lgnet.retention`` to ``access_log``) and only of entries more than a year old.
RETENTION_ONLY = """
CREATE OR REPLACE FUNCTION access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('lgnet.retention', true) = 'access_log'
       AND OLD.at < now() - interval '365 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP;
END $$;
"""

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP;
END $$;
"""


def upgrade() -> None:
    op.execute(RETENTION_ONLY)
    op.create_table(
        "retention_runs",
        sa.Column("run_id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retention_runs")
    op.execute(APPEND_ONLY)
