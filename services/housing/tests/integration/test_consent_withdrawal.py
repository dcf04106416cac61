"""A withdrawal of consent for housing: pending requests close, new work is refused."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog.intake import (
    ConsentGiven,
    ConsentPurpose,
    ConsentWithdrawn,
    ReferralIssued,
)
from lgnet_events.ids import uuid7
from lgnet_events.registry import envelope_for
from lgnet_service.directory import DIRECTORY_REACTIONS

from .conftest import COORDINATOR, OPERATOR, Deliver, Register, placement

pytestmark = pytest.mark.integration

Referred = Callable[..., Awaitable[dict[str, str]]]
TODAY = datetime.now(UTC).date()


def withdrawn(
    beneficiary_id: str, purpose: ConsentPurpose = "referral_housing"
) -> ConsentWithdrawn:
    return ConsentWithdrawn(
        beneficiary_id=UUID(beneficiary_id), purpose=purpose, withdrawn_on=TODAY
    )


def given_again(beneficiary_id: str) -> ConsentGiven:
    return ConsentGiven(
        beneficiary_id=UUID(beneficiary_id), purpose="referral_housing", given_on=TODAY
    )


async def request_of(client: httpx.AsyncClient, beneficiary_id: str) -> dict[str, Any]:
    params = {"beneficiary_id": beneficiary_id}
    listed = await client.get("/requests", params=params, headers=OPERATOR)
    [request] = listed.json()["items"]
    return dict(request)


def measure(beneficiary_id: str) -> dict[str, Any]:
    return {
        "beneficiary_id": beneficiary_id,
        "kind": "deposit",
        "amount_eur": "600.00",
        "months": 0,
        "start_date": "2026-05-01",
    }


def assert_refused_for_consent(response: httpx.Response, field: str) -> None:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/consent-withdrawn")
    reason = f"consent for referral_housing was withdrawn on {TODAY.isoformat()}"
    assert problem["detail"].startswith(reason)
    assert problem["errors"] == [{"field": field, "reason": reason}]


async def test_a_withdrawal_declines_the_pending_request_with_reason_consent_withdrawn(
    client: httpx.AsyncClient, deliver: Deliver, referred: Referred
) -> None:
    ids = await referred()
    await deliver(withdrawn(ids["beneficiary_id"]), version=2)
    request = await request_of(client, ids["beneficiary_id"])
    assert (request["status"], request["reason"]) == ("declined", "consent_withdrawn")
    assert request["version"] == 2


async def test_the_same_withdrawal_again_closes_nothing_more(
    client: httpx.AsyncClient, deliver: Deliver, referred: Referred
) -> None:
    ids = await referred()
    event = withdrawn(ids["beneficiary_id"])
    await deliver(event, version=2)
    await deliver(event, version=2)
    await deliver(withdrawn(ids["beneficiary_id"]), version=3)
    assert (await request_of(client, ids["beneficiary_id"]))["version"] == 2


async def test_a_withdrawal_with_nothing_open_is_a_no_op(
    client: httpx.AsyncClient, deliver: Deliver, known: Register
) -> None:
    beneficiary_id = await known()
    await deliver(withdrawn(beneficiary_id), version=2)
    listed = await client.get("/requests", headers=OPERATOR)
    assert listed.json()["items"] == []


async def test_a_withdrawal_for_another_purpose_leaves_housing_alone(
    client: httpx.AsyncClient, deliver: Deliver, referred: Referred, unit: Register
) -> None:
    ids = await referred()
    others: tuple[ConsentPurpose, ...] = ("referral_civic", "case_work", "statistics")
    for version, purpose in enumerate(others, start=2):
        await deliver(withdrawn(ids["beneficiary_id"], purpose), version=version)
    assert (await request_of(client, ids["beneficiary_id"]))["status"] == "pending"
    body = placement(ids["beneficiary_id"], await unit())
    placed = await client.post("/placements", json=body, headers=OPERATOR)
    assert placed.status_code == 201, placed.text


async def test_an_accepted_request_and_a_started_placement_stay(
    client: httpx.AsyncClient, deliver: Deliver, referred: Referred, unit: Register
) -> None:
    ids = await referred()
    request_id = (await request_of(client, ids["beneficiary_id"]))["request_id"]
    accepted = await client.post(f"/requests/{request_id}/accept", headers=COORDINATOR)
    assert accepted.status_code == 200, accepted.text
    body = placement(ids["beneficiary_id"], await unit(), request_id=request_id)
    placed = await client.post("/placements", json=body, headers=OPERATOR)
    assert placed.status_code == 201, placed.text
    await deliver(withdrawn(ids["beneficiary_id"]), version=2)
    assert (await request_of(client, ids["beneficiary_id"]))["status"] == "accepted"
    listed = await client.get("/placements", headers=OPERATOR)
    assert [p["status"] for p in listed.json()["items"]] == ["open"]


async def test_new_placements_and_measures_are_refused_until_consent_is_given_again(
    client: httpx.AsyncClient, deliver: Deliver, known: Register, unit: Register
) -> None:
    beneficiary_id = await known()
    await deliver(withdrawn(beneficiary_id), version=2)
    body = placement(beneficiary_id, await unit())
    refused = await client.post("/placements", json=body, headers=OPERATOR)
    assert_refused_for_consent(refused, "body.beneficiary_id")
    refused = await client.post("/support-measures", json=measure(beneficiary_id), headers=OPERATOR)
    assert_refused_for_consent(refused, "body.beneficiary_id")
    assert (await client.get("/placements", headers=OPERATOR)).json()["items"] == []
    await deliver(given_again(beneficiary_id), version=3)
    placed = await client.post("/placements", json=body, headers=OPERATOR)
    assert placed.status_code == 201, placed.text


async def test_accepting_a_request_of_a_person_who_withdrew_is_refused(
    client: httpx.AsyncClient, db: AsyncEngine, referred: Referred
) -> None:
    ids = await referred()
    request_id = (await request_of(client, ids["beneficiary_id"]))["request_id"]
    # Only the directory heard of it: the moment before the request is closed.
    event = withdrawn(ids["beneficiary_id"])
    envelope = envelope_for(
        event,
        2,
        actor="intake-op",
        municipality="bologna",
        correlation_id=uuid7(),
        causation_id=uuid7(),
        traceparent=None,
        occurred_at=datetime.now(UTC),
    )
    async with db.begin() as conn:
        for handle in DIRECTORY_REACTIONS[envelope.event_type]:
            await handle(conn, envelope, event)
    refused = await client.post(f"/requests/{request_id}/accept", headers=COORDINATOR)
    assert_refused_for_consent(refused, "body.request_id")
    body = {"reason": "no_capacity"}
    declined = await client.post(f"/requests/{request_id}/decline", json=body, headers=COORDINATOR)
    assert declined.status_code == 200, declined.text


async def test_a_referral_heard_after_a_later_withdrawal_opens_a_request_already_closed(
    client: httpx.AsyncClient, deliver: Deliver, known: Register
) -> None:
    beneficiary_id = await known()
    issued_at = datetime.now(UTC) - timedelta(minutes=5)
    await deliver(withdrawn(beneficiary_id), version=2)
    await deliver(referral(beneficiary_id), at=issued_at)
    request = await request_of(client, beneficiary_id)
    assert (request["status"], request["reason"]) == ("declined", "consent_withdrawn")


async def test_a_referral_made_after_the_withdrawal_means_consent_was_given_again(
    client: httpx.AsyncClient, deliver: Deliver, known: Register
) -> None:
    beneficiary_id = await known()
    withdrawn_at = datetime.now(UTC) - timedelta(minutes=5)
    await deliver(withdrawn(beneficiary_id), version=2, at=withdrawn_at)
    await deliver(referral(beneficiary_id))
    assert (await request_of(client, beneficiary_id))["status"] == "pending"


def referral(beneficiary_id: str) -> ReferralIssued:
    return ReferralIssued(
        case_id=uuid7(),
        beneficiary_id=UUID(beneficiary_id),
        referral_id=uuid7(),
        target="housing",
        urgency="high",
    )


async def test_a_consent_past_its_expiry_refuses_placements_and_measures_naming_the_day(
    client: httpx.AsyncClient, deliver: Deliver, known: Register, unit: Register
) -> None:
    beneficiary_id = await known()
    expired_on = TODAY - timedelta(days=1)
    lapsing = ConsentGiven(
        beneficiary_id=UUID(beneficiary_id),
        purpose="referral_housing",
        given_on=TODAY - timedelta(days=90),
        expires_on=expired_on,
    )
    await deliver(lapsing, version=2)
    reason = f"consent for referral_housing expired on {expired_on.isoformat()}"
    for path, body in (
        ("/placements", placement(beneficiary_id, await unit())),
        ("/support-measures", measure(beneficiary_id)),
    ):
        refused = await client.post(path, json=body, headers=OPERATOR)
        assert refused.status_code == 409, refused.text
        assert refused.json()["type"].endswith("/consent-expired")
        assert refused.json()["errors"] == [{"field": "body.beneficiary_id", "reason": reason}]
    assert (await client.get("/placements", headers=OPERATOR)).json()["items"] == []
    await deliver(given_again(beneficiary_id), version=3)
    placed = await client.post(
        "/placements", json=placement(beneficiary_id, await unit()), headers=OPERATOR
    )
    assert placed.status_code == 201, placed.text
