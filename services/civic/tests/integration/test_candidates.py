from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from civic.handlers.reactions import reactions
from lgnet_events.catalog.intake import BeneficiaryPersonalDataErased, ReferralIssued
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.store import build_envelopes

from .conftest import COORDINATOR, OPERATOR, Create, Known, auth

Refer = Any


def referral(beneficiary_id: str, target: str = "civic") -> ReferralIssued:
    return ReferralIssued(
        case_id=uuid7(), beneficiary_id=UUID(beneficiary_id), referral_id=uuid7(), target=target
    )


def envelope_of(event: Any, municipality: str = "bologna") -> Envelope:
    context = EventContext(actor="intake-op-1", municipality=municipality)
    return build_envelopes([event], context, 0)[0]


@pytest.fixture
def deliver(app: FastAPI, db: AsyncEngine) -> Refer:
    """Hand an intake event to civic's reactions, in a transaction of the real database."""
    handlers = reactions(app.state.civic.unit)

    async def deliver(event: Any, municipality: str = "bologna") -> None:
        envelope = envelope_of(event, municipality)
        async with db.begin() as conn:
            for handler in handlers[envelope.event_type]:
                await handler(conn, envelope, event)

    return deliver


@pytest.fixture
def refer(deliver: Refer, client: httpx.AsyncClient, known: Known) -> Refer:
    async def refer(beneficiary_id: str | None = None) -> dict[str, Any]:
        event = referral(beneficiary_id or await known())
        await deliver(event)
        listed = (await client.get("/candidates", headers=OPERATOR)).json()["items"]
        [candidate] = [c for c in listed if c["referral_id"] == str(event.referral_id)]
        return dict(candidate)

    return refer


async def test_a_civic_referral_opens_a_candidate_once_and_other_targets_none(
    client: httpx.AsyncClient, deliver: Refer, known: Known
) -> None:
    person = await known()
    event = referral(person)
    await deliver(event)
    await deliver(event.model_copy())
    await deliver(referral(person, target="housing"))
    listed = (await client.get("/candidates", headers=OPERATOR)).json()["items"]
    assert [(c["referral_id"], c["status"]) for c in listed] == [
        (str(event.referral_id), "received")
    ]
    assert listed[0]["case_id"] == str(event.case_id)


async def test_accepting_a_candidate_records_the_decision(
    client: httpx.AsyncClient, refer: Refer
) -> None:
    candidate = await refer()
    accepted = await client.post(
        f"/candidates/{candidate['candidate_id']}/accept", headers=OPERATOR
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.headers["ETag"] == '"2"'
    again = await client.post(f"/candidates/{candidate['candidate_id']}/accept", headers=OPERATOR)
    assert again.status_code == 409


async def test_declining_takes_a_coordinator_and_a_reason(
    client: httpx.AsyncClient, refer: Refer
) -> None:
    candidate = await refer()
    path = f"/candidates/{candidate['candidate_id']}/decline"
    assert (
        await client.post(path, json={"reason": "no_places"}, headers=OPERATOR)
    ).status_code == 403
    assert (await client.post(path, json={}, headers=COORDINATOR)).status_code == 422
    declined = await client.post(path, json={"reason": "no_places"}, headers=COORDINATOR)
    assert (declined.json()["status"], declined.json()["reason"]) == ("declined", "no_places")


async def test_another_municipality_cannot_see_or_decide_the_candidate(
    client: httpx.AsyncClient, refer: Refer
) -> None:
    candidate = await refer()
    milano = auth("coordinator", "milano")
    path = f"/candidates/{candidate['candidate_id']}"
    assert (await client.get(path, headers=milano)).status_code == 404
    assert (await client.post(f"{path}/accept", headers=milano)).status_code == 404


async def test_an_accepted_candidate_starts_an_individual_project(
    client: httpx.AsyncClient, refer: Refer, create_project: Create
) -> None:
    candidate = await refer()
    project_id = await create_project()
    body = {"project_id": project_id, "candidate_id": candidate["candidate_id"], "tutor": "t_1"}
    early = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert early.status_code == 409
    assert early.json()["type"].endswith("candidate-not-accepted")
    await client.post(f"/candidates/{candidate['candidate_id']}/accept", headers=OPERATOR)
    started = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert started.status_code == 201, started.text
    assert started.json()["beneficiary_id"] == candidate["beneficiary_id"]
    assert started.json()["candidate_id"] == candidate["candidate_id"]


async def test_after_erasure_the_candidate_takes_no_new_work(
    client: httpx.AsyncClient, refer: Refer, deliver: Refer, known: Known
) -> None:
    person = await known()
    candidate = await refer(person)
    await deliver(BeneficiaryPersonalDataErased(beneficiary_id=UUID(person)))
    response = await client.post(
        f"/candidates/{candidate['candidate_id']}/accept", headers=OPERATOR
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("personal-data-erased")
