"""Reporting's per-municipality table, read until it shows the ground truth."""

import asyncio
import time
from typing import Any

import httpx

from lgnet_cli.scenario import KPIS, Figures, GroundTruth
from lgnet_service.auth.principal import Role

from .conftest import RunningMesh

Table = dict[str, dict[str, Any]]


async def municipality_table(mesh: RunningMesh, role: Role) -> Table:
    token = mesh.tokens.token(role, "*")
    async with httpx.AsyncClient(base_url=mesh.urls["reporting"], timeout=10) as client:
        answer = await client.get(
            "/reports/municipalities", headers={"Authorization": f"Bearer {token}"}
        )
    answer.raise_for_status()
    return {row["municipality"]: row for row in answer.json()["rows"]}


def exact(table: Table, truth: Figures) -> bool:
    return all(table[m][kpi] == truth[m][kpi] for m in truth for kpi in KPIS)


def suppressed_shows(cell: Any, true: int) -> bool:
    """What the national office may see for a true count: never a number from 1 to 4."""
    if cell == "suppressed":
        return True  # a complementary cell, hidden so that totals do not give a small one away
    if 1 <= true <= 4:
        return bool(cell == "<5")
    return bool(cell == true)


def consistent(table: Table, truth: Figures) -> bool:
    return all(suppressed_shows(table[m][kpi], truth[m][kpi]) for m in truth for kpi in KPIS)


async def converged(
    mesh: RunningMesh, truth: GroundTruth, timeout: float = 60.0
) -> tuple[Table, Table]:
    """The admin's and the national office's tables once the admin's equals *truth*."""
    expected = truth.figures()
    deadline = time.monotonic() + timeout
    while True:
        admin = await municipality_table(mesh, "admin")
        if exact(admin, expected) or time.monotonic() > deadline:
            return admin, await municipality_table(mesh, "national_office")
        await asyncio.sleep(0.5)


def differences(table: Table, truth: Figures) -> dict[str, dict[str, tuple[Any, int]]]:
    """``{municipality: {kpi: (shown, true)}}`` where they differ: for assertion messages."""
    found: dict[str, dict[str, tuple[Any, int]]] = {}
    for m, row in truth.items():
        wrong = {kpi: (table[m][kpi], row[kpi]) for kpi in KPIS if table[m][kpi] != row[kpi]}
        if wrong:
            found[m] = wrong
    return found
