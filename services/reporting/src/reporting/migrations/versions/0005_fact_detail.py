"""Facts gain ``detail`` (``jsonb``): a registration's consents as the payload had them.

Every generation's ``facts`` table gets the column, last, as the tables this release creates
have it (the fact statements fill rows in column order). A database created by this
release's first revision has it already. ``FACTS_VERSION`` 4 then has the next start of
reporting rebuild once, moving each registration's consents from its label to its detail.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from alembic import op

from reporting.generations import GENERATION_SCHEMAS

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _generations() -> list[str]:
    return list(op.get_bind().execute(GENERATION_SCHEMAS).scalars())


def upgrade() -> None:
    for schema in _generations():
        op.execute(f'ALTER TABLE "{schema}".facts ADD COLUMN IF NOT EXISTS detail jsonb')


def downgrade() -> None:
    for schema in _generations():
        op.execute(f'ALTER TABLE "{schema}".facts DROP COLUMN IF EXISTS detail')
