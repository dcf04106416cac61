"""The projection pointer records which derivation of facts the live generation holds.

Existing databases get version 0: their facts were derived by an older release, so the
next start of reporting rebuilds them once from the audit log (``reporting.upgrade``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database created by this release's first revision has the column already.
    op.execute(
        "ALTER TABLE projection_pointer "
        "ADD COLUMN IF NOT EXISTS facts_version integer NOT NULL DEFAULT 0"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE projection_pointer DROP COLUMN facts_version")
