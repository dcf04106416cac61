"""Civic's own tables beside the event store: one MetaData for Alembic and tests."""

from sqlalchemy import MetaData

metadata = MetaData()
