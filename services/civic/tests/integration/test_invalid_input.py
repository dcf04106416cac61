from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.schema import events

from .conftest import COORDINATOR, OPERATOR, Create, new_project

BAD_PROJECTS = {
    "missing field": ({k: v for k, v in new_project().items() if k != "sector"}, "body.sector"),
    "wrong sector": ({**new_project(), "sector": "mining"}, "body.sector"),
    "no places": ({**new_project(), "places": 0}, "body.places"),
    "places as text": ({**new_project(), "places": "many"}, "body.places"),
    "unknown municipality": ({**new_project(), "municipality": "paris"}, "body.municipality"),
    "oversized host": (
        {**new_project(), "host_organisation": "x" * 5000},
        "body.host_organisation",
    ),
    "client-chosen id": ({**new_project(), "project_id": "0190"}, "body.project_id"),
    "client-chosen version": ({**new_project(), "version": 3}, "body.version"),
}


async def count_events(db: AsyncEngine) -> int:
    async with db.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(events)) or 0)


@pytest.mark.parametrize(("body", "field"), BAD_PROJECTS.values(), ids=BAD_PROJECTS.keys())
async def test_an_invalid_project_is_a_422_problem_naming_the_field_and_writes_nothing(
    client: httpx.AsyncClient, db: AsyncEngine, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/projects", json=body, headers=COORDINATOR)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert await count_events(db) == 0


BAD_STARTS = {
    "project is not a uuid": {"project_id": "abc"},
    "tutor name": {"tutor": "Dott. Rossi"},
    "planned hours zero": {"planned_hours": 0},
    "date garbage": {"start_date": "2026-02-31"},
    "unknown project": {"project_id": "0190f5a0-0000-7000-8000-000000000000"},
}


@pytest.mark.parametrize("change", BAD_STARTS.values(), ids=BAD_STARTS.keys())
async def test_an_invalid_start_is_a_422_and_writes_nothing(
    client: httpx.AsyncClient, db: AsyncEngine, create_project: Create, change: dict[str, Any]
) -> None:
    project_id = await create_project()
    before = await count_events(db)
    body = {
        "project_id": project_id,
        "beneficiary_id": "0190f5a0-0000-7000-8000-000000000001",
        "tutor": "tutor_1",
        **change,
    }
    response = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert response.status_code == 422, response.text
    assert response.json()["errors"]
    assert await count_events(db) == before


async def test_malformed_json_and_bad_cursors_are_problems_not_500s(
    client: httpx.AsyncClient,
) -> None:
    broken = await client.post(
        "/projects",
        content=b"{not json",
        headers={**COORDINATOR, "content-type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.headers["content-type"] == "application/problem+json"
    for path in ("/projects", "/candidates", "/individual-projects", "/community-activities"):
        response = await client.get(f"{path}?cursor=!!!", headers=OPERATOR)
        assert response.status_code == 422, path
    assert (await client.get("/projects/not-a-uuid", headers=OPERATOR)).status_code == 422


async def test_every_endpoint_but_health_wants_a_token(client: httpx.AsyncClient) -> None:
    for path in ("/projects", "/candidates", "/individual-projects", "/community-activities"):
        assert (await client.get(path)).status_code == 401
    assert (await client.get("/health")).status_code == 200
