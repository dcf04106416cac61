"""The audit log keeps each envelope in its row and the raw record text out of line.

A rebuild reads every envelope and never ``raw``. By default PostgreSQL moves the largest
value of a row over ~2 KB out of line (TOAST): for a registration (envelope ~1.7 KB, raw
~1.5 KB) that was the envelope, so every rebuild paid a TOAST index lookup and fetch per
row while the unread raw text sat in the heap. ``envelope`` is now ``MAIN`` (moved out only
when a row would not fit a page alone) and ``raw`` ``EXTERNAL`` (out of line first,
uncompressed). Only where values are stored changes, never what: rows written before this
revision keep their place until the table is rewritten (``VACUUM FULL audit_log``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE audit_log ALTER COLUMN envelope SET STORAGE MAIN, "
        "ALTER COLUMN raw SET STORAGE EXTERNAL"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE audit_log ALTER COLUMN envelope SET STORAGE EXTENDED, "
        "ALTER COLUMN raw SET STORAGE EXTENDED"
    )
