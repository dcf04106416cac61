"""The access log: append-only, enforced by a trigger.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UUID = pg.UUID(as_uuid=True)

REFUSE = """
CREATE FUNCTION access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP;
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("entry_id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("roles", pg.ARRAY(sa.Text), nullable=False),
        sa.Column("beneficiary_id", UUID, nullable=False),
        sa.Column("municipality", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("case_id", UUID),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("grant_id", UUID),
        sa.Column("event_id", UUID, unique=True),
    )
    op.create_index("access_log_person", "access_log", ["beneficiary_id", "entry_id"])
    op.execute(REFUSE)
    op.execute(
        "CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log "
        "FOR EACH ROW EXECUTE FUNCTION access_log_is_append_only()"
    )
    op.execute(
        "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION access_log_is_append_only()"
    )


def downgrade() -> None:
    op.drop_table("access_log")
    op.execute("DROP FUNCTION access_log_is_append_only()")
