from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.schema import events

from .conftest import COORDINATOR, OPERATOR, Register, new_unit, placement

pytestmark = pytest.mark.integration

UNIT = new_unit()
BAD_UNITS: list[Any] = [
    {**UNIT, "beds": 0},
    {**UNIT, "beds": 501},
    {**UNIT, "beds": "two"},
    {**UNIT, "kind": "castle"},
    {**UNIT, "municipality": "paris"},
    {**UNIT, "name": ""},
    {**UNIT, "address": "x" * 201},
    {**UNIT, "unit_id": "0196f0c2-0000-7000-8000-000000000001"},
    {**UNIT, "version": 3},
    {k: v for k, v in UNIT.items() if k != "beds"},
    [UNIT],
    None,
    "units",
]
MEASURE = {
    "beneficiary_id": "0196f0c2-0000-7000-8000-000000000002",
    "kind": "deposit",
    "amount_eur": "10.00",
    "months": 0,
    "start_date": "2026-05-01",
}
BAD_MEASURES: list[tuple[dict[str, Any], str]] = [
    ({"beneficiary_id": None}, "body.beneficiary_id"),
    ({"amount_eur": "1e-3"}, "body.amount_eur"),
    ({"amount_eur": "NaN"}, "body.amount_eur"),
    ({"amount_eur": "Infinity"}, "body.amount_eur"),
    ({"kind": "cash"}, "body.kind"),
    ({"months": -1}, "body.months"),
    ({"months": 37}, "body.months"),
    ({"start_date": "2026-02-30"}, "body.start_date"),
    ({"granted_by": "me"}, "body.granted_by"),
]


async def assert_nothing_written(db: AsyncEngine) -> None:
    async with db.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(events)) == 0


def assert_problem(response: httpx.Response, *statuses: int) -> None:
    assert response.status_code in statuses, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_malformed_units_are_refused_with_problems_and_write_nothing(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    for body in BAD_UNITS:
        response = await client.post("/units", json=body, headers=COORDINATOR)
        assert_problem(response, 422)
        assert response.json()["errors"], response.text
    await assert_nothing_written(db)


async def test_malformed_measures_are_refused_on_their_field_and_write_nothing(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    for changes, field in BAD_MEASURES:
        body = {k: v for k, v in {**MEASURE, **changes}.items() if v is not None}
        response = await client.post("/support-measures", json=body, headers=OPERATOR)
        assert_problem(response, 422)
        assert [e["field"] for e in response.json()["errors"]] == [field], response.text
    await assert_nothing_written(db)


async def test_malformed_json_is_a_400_problem(client: httpx.AsyncClient, db: AsyncEngine) -> None:
    response = await client.post(
        "/placements",
        content=b'{"beneficiary_id": ',
        headers={**OPERATOR, "Content-Type": "application/json"},
    )
    assert_problem(response, 400)
    await assert_nothing_written(db)


BAD_REQUESTS: list[tuple[str, str, Any]] = [
    ("post", "/units/not-a-uuid/refurbishment/start", {"date": "2026-05-01"}),
    ("post", "/requests/42/accept", None),
    ("post", "/requests/0196f0c2-0000-7000-8000-000000000003/decline", {"reason": "No!"}),
    ("post", "/placements/x/end", {"end_date": "2026-05-01", "outcome": "left"}),
    ("get", "/units?limit=0", None),
    ("get", "/units?cursor=%%%", None),
    ("get", "/support-measures?kind=cash", None),
    ("get", "/placements?status=lost", None),
    ("get", "/requests?beneficiary_id=nope", None),
]


async def test_bad_paths_and_queries_are_problems_never_500(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    for method, path, body in BAD_REQUESTS:
        response = await client.request(method, path, json=body, headers=COORDINATOR)
        assert_problem(response, 422)
    await assert_nothing_written(db)


async def test_a_placement_with_an_unknown_outcome_or_stray_field_writes_nothing(
    client: httpx.AsyncClient, db: AsyncEngine, unit: Register, known: Register
) -> None:
    unit_id, person = await unit(), await known()
    async with db.connect() as conn:
        before = await conn.scalar(select(func.count()).select_from(events))
    for body in (
        placement(person, unit_id, status="open"),
        placement(person, unit_id, start_date="yesterday"),
        placement(person, unit_id, request_id="r-1"),
    ):
        response = await client.post("/placements", json=body, headers=OPERATOR)
        assert_problem(response, 422)
    async with db.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(events)) == before


async def test_refurbishment_ending_before_it_starts_is_refused(
    client: httpx.AsyncClient, unit: Register
) -> None:
    response = await client.post(
        f"/units/{await unit()}/refurbishment/start",
        json={"date": "2026-05-01", "expected_end": "2026-04-01"},
        headers=COORDINATOR,
    )
    assert_problem(response, 422)
    assert response.json()["errors"][0]["field"] == "body.expected_end"


async def test_every_route_needs_a_token(client: httpx.AsyncClient) -> None:
    for path in ("/units", "/requests", "/placements", "/support-measures"):
        assert (await client.get(path)).status_code == 401
