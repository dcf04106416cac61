"""What coordinators set up before people arrive: housing units and civic projects."""

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from lgnet_cli.scenario.client import Mesh
from lgnet_cli.scenario.people import seeded
from lgnet_cli.scenario.truth import GroundTruth

_STREETS = (
    "Via dei Tigli",
    "Via Immaginaria",
    "Viale delle Prove",
    "Via del Campione",
    "Piazza Fittizia",
    "Vicolo Esempio",
)
_HOSTS = (
    "Cooperativa Orti Condivisi",
    "Associazione Mani Aperte",
    "Pro Loco Demo",
    "Consorzio Verde Urbano",
    "Croce Civica di Prova",
)
_TITLES = {
    "green_care": "Orti urbani",
    "personal_care": "Assistenza di prossimità",
    "territory_safety": "Custodi del quartiere",
    "other": "Biblioteca di quartiere",
}
_UNIT_BEDS = {"apartment": (2, 5), "shelter": (6, 12), "co_housing": (3, 6)}


@dataclass
class Stock:
    units: dict[str, list[str]] = field(default_factory=dict)
    projects: dict[str, list[str]] = field(default_factory=dict)


async def build_stock(
    mesh: Mesh, seed: int, people: Counter[str], truth: GroundTruth, today: date
) -> Stock:
    """Units and projects in every municipality that will see people, sized to their number."""
    stock = Stock()
    plans = [(m, n, seeded(seed, "stock", m)) for m, n in sorted(people.items())]
    await asyncio.gather(*(_units(mesh, m, n, r, truth, stock, today) for m, n, r in plans))
    await asyncio.gather(*(_projects(mesh, m, n, r, truth, stock) for m, n, r in plans))
    return stock


async def _units(
    mesh: Mesh,
    municipality: str,
    people: int,
    rng: random.Random,
    truth: GroundTruth,
    stock: Stock,
    today: date,
) -> None:
    kinds = [rng.choice(list(_UNIT_BEDS)) for _ in range(1 + people // 12)]
    ids = [
        await _unit(mesh, municipality, kind, rng.randint(*_UNIT_BEDS[kind]), rng, truth)
        for kind in kinds
    ]
    stock.units[municipality] = [unit for unit in ids if unit]
    building = await _unit(mesh, municipality, "refurbished_building", 4, rng, truth)
    if building is not None:
        await _refurbish(mesh, municipality, building, rng, truth, stock, today)


async def _unit(
    mesh: Mesh, municipality: str, kind: str, beds: int, rng: random.Random, truth: GroundTruth
) -> str | None:
    body = {
        "municipality": municipality,
        "kind": kind,
        "beds": beds,
        "name": f"{kind.replace('_', ' ').title()} {rng.randint(1, 99)}",
        "address": f"{rng.choice(_STREETS)} {rng.randint(1, 120)}, {municipality.title()}",
    }
    answer = await mesh.post("housing", "/units", body, "coordinator", municipality)
    return _kept(
        answer.body,
        "unit_id",
        truth,
        "housing units registered",
        answer.ok,
        f"register unit in {municipality}: {answer.brief()}",
    )


async def _refurbish(
    mesh: Mesh,
    municipality: str,
    unit_id: str,
    rng: random.Random,
    truth: GroundTruth,
    stock: Stock,
    today: date,
) -> None:
    start = {"date": today.isoformat(), "expected_end": (today + timedelta(days=60)).isoformat()}
    path = f"/units/{unit_id}/refurbishment"
    started = await mesh.post("housing", f"{path}/start", start, "coordinator", municipality)
    if not started.ok:
        truth.problem(f"start refurbishment in {municipality}: {started.brief()}")
        return
    truth.count("refurbishments started")
    if rng.random() < 0.5:
        return
    done = {"date": today.isoformat(), "beds": rng.randint(4, 10)}
    completed = await mesh.post("housing", f"{path}/complete", done, "coordinator", municipality)
    if _kept(
        completed.body,
        "unit_id",
        truth,
        "refurbishments completed",
        completed.ok,
        f"complete refurbishment in {municipality}: {completed.brief()}",
    ):
        stock.units[municipality].append(unit_id)


async def _projects(
    mesh: Mesh, municipality: str, people: int, rng: random.Random, truth: GroundTruth, stock: Stock
) -> None:
    stock.projects[municipality] = []
    for _ in range(1 + people // 10):
        project = await create_project(mesh, municipality, rng, truth)
        if project:
            stock.projects[municipality].append(project)


async def create_project(
    mesh: Mesh, municipality: str, rng: random.Random, truth: GroundTruth
) -> str | None:
    sector = rng.choice(list(_TITLES))
    body = {
        "municipality": municipality,
        "title": f"{_TITLES[sector]} {municipality.title()}",
        "sector": sector,
        "host_organisation": rng.choice(_HOSTS),
        "places": rng.randint(3, 10),
        "planned_hours": rng.choice([40, 60, 80, 120]),
    }
    answer = await mesh.post("civic", "/projects", body, "coordinator", municipality)
    return _kept(
        answer.body,
        "project_id",
        truth,
        "civic projects created",
        answer.ok,
        f"create project in {municipality}: {answer.brief()}",
    )


def _kept(
    body: Any, key: str, truth: GroundTruth, tally: str, ok: bool, problem: str
) -> str | None:
    if not ok:
        truth.problem(problem)
        return None
    truth.count(tally)
    return str(body[key])
