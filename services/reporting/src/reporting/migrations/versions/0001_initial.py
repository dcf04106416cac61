"""Inbox, idempotency keys, the append-only audit log, projection generation 1, rebuild jobs.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from lgnet_events.schema import install_append_only_guard
from lgnet_service.migrations import install_base_schema
from reporting.generations import POINTER_ID, create_generation
from reporting.schema import audit_log, projection_pointer, rebuild_jobs

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    install_base_schema(bind)
    audit_log.create(bind)
    # The writing transaction, so a rebuild can tell which rows its snapshot did not see.
    op.execute(
        "ALTER TABLE audit_log ADD COLUMN tx_id xid8 NOT NULL DEFAULT pg_current_xact_id()"
    )
    op.create_index("audit_log_tx", "audit_log", ["tx_id"])
    install_append_only_guard(bind, "audit_log")
    projection_pointer.create(bind)
    rebuild_jobs.create(bind)
    create_generation(bind, 1)
    bind.execute(sa.insert(projection_pointer).values(id=POINTER_ID, generation=1))


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS projection_1 CASCADE")
    for table in ("rebuild_jobs", "projection_pointer", "audit_log"):
        op.drop_table(table)
