import json
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog.intake import ReferralIssued
from lgnet_events.schema import events

from .conftest import COORDINATOR, OPERATOR, Register, auth, placement

pytestmark = pytest.mark.integration

Referred = Callable[..., Awaitable[dict[str, str]]]


async def pending(
    client: httpx.AsyncClient, headers: dict[str, str] = OPERATOR
) -> list[dict[str, Any]]:
    response = await client.get("/requests", params={"status": "pending"}, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_a_referral_to_housing_opens_a_pending_request(
    client: httpx.AsyncClient, referred: Referred
) -> None:
    ids = await referred("housing")
    [request] = await pending(client)
    assert {k: request[k] for k in ids} == ids
    assert (request["status"], request["urgency"], request["municipality"]) == (
        "pending",
        "high",
        "bologna",
    )


async def test_referrals_to_other_services_are_ignored(
    client: httpx.AsyncClient, referred: Referred
) -> None:
    await referred("civic")
    await referred("legal_aid")
    assert await pending(client) == []


async def test_a_referral_delivered_twice_opens_one_request(
    client: httpx.AsyncClient, referred: Referred, deliver: Callable[..., Awaitable[None]]
) -> None:
    ids = await referred("housing")
    again = ReferralIssued(
        case_id=UUID(ids["case_id"]),
        beneficiary_id=UUID(ids["beneficiary_id"]),
        referral_id=UUID(ids["referral_id"]),
        target="housing",
    )
    await deliver(again, "bologna")
    assert len(await pending(client)) == 1


async def test_a_coordinator_accepts_a_request_and_the_decision_is_published(
    client: httpx.AsyncClient, referred: Referred, db: AsyncEngine
) -> None:
    ids = await referred("housing")
    [request] = await pending(client)
    accepted = await client.post(
        f"/requests/{request['request_id']}/accept",
        headers={**COORDINATOR, "If-Match": '"1"'},
    )
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["decided_by"]) == ("accepted", "coord-1")
    async with db.connect() as conn:
        row = (
            await conn.execute(
                select(events.c.event_type, events.c.data, events.c.actor).where(
                    events.c.event_type == "housing.HousingRequestAccepted"
                )
            )
        ).one()
    data = row.data if isinstance(row.data, dict) else json.loads(row.data)
    assert data["referral_id"] == ids["referral_id"]
    assert data["case_id"] == ids["case_id"]
    assert row.actor == "coord-1"


async def test_a_coordinator_declines_with_a_reason_and_cannot_change_their_mind(
    client: httpx.AsyncClient, referred: Referred
) -> None:
    await referred("housing")
    [request] = await pending(client)
    path = f"/requests/{request['request_id']}"
    declined = await client.post(
        f"{path}/decline", json={"reason": "no_capacity"}, headers=COORDINATOR
    )
    assert (declined.json()["status"], declined.json()["reason"]) == ("declined", "no_capacity")
    again = await client.post(f"{path}/accept", headers=COORDINATOR)
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/request-decided"


async def test_an_operator_may_not_decide_requests(
    client: httpx.AsyncClient, referred: Referred
) -> None:
    await referred("housing")
    [request] = await pending(client)
    response = await client.post(f"/requests/{request['request_id']}/accept", headers=OPERATOR)
    assert response.status_code == 403


async def test_another_municipalitys_request_is_invisible_and_not_found(
    client: httpx.AsyncClient, referred: Referred
) -> None:
    await referred("housing", "roma")
    [request] = await pending(client, auth("coordinator", "roma"))
    assert await pending(client) == []
    response = await client.post(f"/requests/{request['request_id']}/accept", headers=COORDINATOR)
    assert response.status_code == 404


async def test_a_placement_may_follow_an_accepted_request_of_the_same_person(
    client: httpx.AsyncClient, referred: Referred, unit: Register
) -> None:
    ids = await referred("housing")
    [request] = await pending(client)
    unit_id = await unit()
    body = placement(ids["beneficiary_id"], unit_id, request_id=request["request_id"])
    early = await client.post("/placements", json=body, headers=OPERATOR)
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "body.request_id"
    await client.post(f"/requests/{request['request_id']}/accept", headers=COORDINATOR)
    placed = await client.post("/placements", json=body, headers=OPERATOR)
    assert placed.status_code == 201, placed.text
    assert placed.json()["request_id"] == request["request_id"]
