"""Running a service's Alembic migrations through the service kit, when both exist."""

import asyncio
import importlib
import inspect
from collections.abc import Callable

from lgnet_devstack.services import migrations_dir

Say = Callable[[str], None]


def migrate(service: str, database_url: str, say: Say) -> bool:
    """Upgrade *service*'s database to head; False (and a line said) when there is nothing
    to run yet: no ``migrations/`` folder, or no ``lgnet_service.migrations`` module."""
    scripts = migrations_dir(service)
    if scripts is None:
        say(f"{service}: no migrations folder yet, skipped")
        return False
    try:
        kit = importlib.import_module("lgnet_service.migrations")
    except ImportError:
        say(f"{service}: lgnet_service.migrations is not there yet, migrations skipped")
        return False
    outcome = kit.upgrade_database(database_url, scripts)
    if inspect.isawaitable(outcome):
        asyncio.run(_wait(outcome))
    say(f"{service}: migrations at head")
    return True


async def _wait(outcome: object) -> None:
    assert inspect.isawaitable(outcome)  # noqa: S101 - narrowed for mypy
    await outcome
