"""Pytest plugin (loaded by ``-p lgnet_service.testing``): databases at a service's head revision.

Running a service's Alembic migrations for every test costs a second or more. Instead they
run once per session into a template database, and each test gets a copy of it
(``CREATE DATABASE … TEMPLATE``), which PostgreSQL makes in milliseconds.
"""

import hashlib
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

from lgnet_events.testing.infra import Infra
from lgnet_service.migrations import upgrade_database

#: ``await migrated_database(script_location)``: the URL of a fresh database at head.
MigratedDatabase = Callable[[str | Path], Coroutine[Any, Any, str]]


@pytest.fixture(scope="session")
def migrated_templates() -> dict[str, str]:
    """Template database name by script location, filled as services ask for them."""
    return {}


@pytest.fixture
def migrated_database(
    infra: Infra, unique_name: str, migrated_templates: dict[str, str]
) -> MigratedDatabase:
    copies = 0

    async def copy_of_head(script_location: str | Path) -> str:
        nonlocal copies
        location = str(script_location)
        if location not in migrated_templates:
            template = "tmpl_" + hashlib.sha256(location.encode()).hexdigest()[:16]
            upgrade_database(await infra.create_database(template), location)
            migrated_templates[location] = template
        copies += 1
        name = f"{unique_name}_{copies}" if copies > 1 else unique_name
        return await infra.create_database(name, template=migrated_templates[location])

    return copy_of_head
