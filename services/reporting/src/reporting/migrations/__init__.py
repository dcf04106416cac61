"""Reporting's Alembic migrations: ``upgrade_database(url, SCRIPT_LOCATION)``."""

from pathlib import Path

SCRIPT_LOCATION = Path(__file__).parent
