"""Event store, outbox, inbox, idempotency keys, beneficiary directory, read models.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from alembic import op

from civic.projections import TABLES
from lgnet_service.directory import install_directory_schema
from lgnet_service.migrations import install_base_schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    install_base_schema(bind)
    install_directory_schema(bind)
    for table in TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind)
