"""Consent per purpose beside the beneficiary directory (issue 10).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op

from lgnet_service.directory import install_consent_schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    install_consent_schema(op.get_bind())


def downgrade() -> None:
    op.drop_table("beneficiary_consents")
