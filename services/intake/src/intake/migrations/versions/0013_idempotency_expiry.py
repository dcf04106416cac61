"""An index on ``idempotency_keys.created_at``: the purge of expired keys reads it.

Databases created before this revision lack it (a new one gets it from the first revision).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25
"""

from alembic import op

from lgnet_service.idempotency import CREATED_AT_INDEX, install_created_at_index

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install_created_at_index(op.get_bind())


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {CREATED_AT_INDEX}")
