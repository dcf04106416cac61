"""A withdrawal of consent for civic: candidacies awaiting an answer close, new work is refused."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from civic.handlers.reactions import reactions
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    ConsentGiven,
    ConsentPurpose,
    ConsentWithdrawn,
    ReferralIssued,
)
from lgnet_events.ids import uuid7
from lgnet_events.registry import envelope_for

from .conftest import COORDINATOR, OPERATOR, Create, Known, starting

Deliver = Callable[..., Awaitable[None]]
TODAY = datetime.now(UTC).date()


@pytest.fixture
def deliver(app: FastAPI, db: AsyncEngine) -> Deliver:
    """Hand an intake event to civic's real reactions, as the consumer does (no broker)."""
    handlers = reactions(app.state.civic.unit)

    async def deliver(event: DomainEvent, *, version: int = 1, at: datetime | None = None) -> None:
        envelope = envelope_for(
            event,
            version,
            actor="intake-op",
            municipality="bologna",
            correlation_id=uuid7(),
            causation_id=uuid7(),
            traceparent=None,
            occurred_at=at or datetime.now(UTC),
        )
        async with db.begin() as conn:
            for handle in handlers.get(envelope.event_type, []):
                await handle(conn, envelope, event)

    return deliver


def withdrawn(beneficiary_id: str, purpose: ConsentPurpose = "referral_civic") -> ConsentWithdrawn:
    return ConsentWithdrawn(
        beneficiary_id=UUID(beneficiary_id), purpose=purpose, withdrawn_on=TODAY
    )


def referral(beneficiary_id: str) -> ReferralIssued:
    return ReferralIssued(
        case_id=uuid7(), beneficiary_id=UUID(beneficiary_id), referral_id=uuid7(), target="civic"
    )


async def candidate_of(client: httpx.AsyncClient, beneficiary_id: str) -> dict[str, Any]:
    listed = (await client.get("/candidates", headers=OPERATOR)).json()["items"]
    [candidate] = [c for c in listed if c["beneficiary_id"] == beneficiary_id]
    return dict(candidate)


async def referred(deliver: Deliver, known: Known) -> str:
    beneficiary_id: str = await known()
    await deliver(referral(beneficiary_id))
    return beneficiary_id


def assert_refused_for_consent(response: httpx.Response, field: str) -> None:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/consent-withdrawn")
    reason = f"consent for referral_civic was withdrawn on {TODAY.isoformat()}"
    assert problem["detail"].startswith(reason)
    assert problem["errors"] == [{"field": field, "reason": reason}]


async def test_a_withdrawal_declines_the_candidacy_with_reason_consent_withdrawn(
    client: httpx.AsyncClient, deliver: Deliver, known: Known
) -> None:
    beneficiary_id = await referred(deliver, known)
    await deliver(withdrawn(beneficiary_id), version=2)
    candidate = await candidate_of(client, beneficiary_id)
    assert (candidate["status"], candidate["reason"]) == ("declined", "consent_withdrawn")
    assert candidate["version"] == 2


async def test_the_same_withdrawal_again_closes_nothing_more(
    client: httpx.AsyncClient, deliver: Deliver, known: Known
) -> None:
    beneficiary_id = await referred(deliver, known)
    event = withdrawn(beneficiary_id)
    await deliver(event, version=2)
    await deliver(event, version=2)
    await deliver(withdrawn(beneficiary_id), version=3)
    assert (await candidate_of(client, beneficiary_id))["version"] == 2


async def test_a_withdrawal_for_another_purpose_leaves_civic_alone(
    client: httpx.AsyncClient, deliver: Deliver, known: Known
) -> None:
    beneficiary_id = await referred(deliver, known)
    others: tuple[ConsentPurpose, ...] = ("referral_housing", "case_work", "statistics")
    for version, purpose in enumerate(others, start=2):
        await deliver(withdrawn(beneficiary_id, purpose), version=version)
    assert (await candidate_of(client, beneficiary_id))["status"] == "received"


async def test_a_started_project_and_an_accepted_candidate_stay_but_nothing_new_starts(
    client: httpx.AsyncClient, deliver: Deliver, known: Known, create_project: Create
) -> None:
    beneficiary_id = await referred(deliver, known)
    candidate_id = (await candidate_of(client, beneficiary_id))["candidate_id"]
    accepted = await client.post(f"/candidates/{candidate_id}/accept", headers=OPERATOR)
    assert accepted.status_code == 200, accepted.text
    direct = starting(await create_project(), beneficiary_id)
    started = await client.post("/individual-projects", json=direct, headers=OPERATOR)
    assert started.status_code == 201, started.text
    await deliver(withdrawn(beneficiary_id), version=2)
    assert (await candidate_of(client, beneficiary_id))["status"] == "accepted"
    listed = (await client.get("/individual-projects", headers=OPERATOR)).json()["items"]
    assert [p["status"] for p in listed] == ["active"]
    body = {"project_id": await create_project(), "candidate_id": candidate_id, "tutor": "t_1"}
    refused = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert_refused_for_consent(refused, "body.candidate_id")
    direct = starting(await create_project(), beneficiary_id)
    refused = await client.post("/individual-projects", json=direct, headers=OPERATOR)
    assert_refused_for_consent(refused, "body.beneficiary_id")


async def test_new_projects_are_started_again_once_consent_is_given_again(
    client: httpx.AsyncClient, deliver: Deliver, known: Known, create_project: Create
) -> None:
    beneficiary_id = await known()
    await deliver(withdrawn(beneficiary_id), version=2)
    body = starting(await create_project(), beneficiary_id)
    refused = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert_refused_for_consent(refused, "body.beneficiary_id")
    again = ConsentGiven(
        beneficiary_id=UUID(beneficiary_id), purpose="referral_civic", given_on=TODAY
    )
    await deliver(again, version=3)
    started = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert started.status_code == 201, started.text


async def test_a_referral_heard_after_a_later_withdrawal_opens_a_candidacy_already_closed(
    client: httpx.AsyncClient, deliver: Deliver, known: Known
) -> None:
    beneficiary_id = await known()
    issued_at = datetime.now(UTC) - timedelta(minutes=5)
    await deliver(withdrawn(beneficiary_id), version=2)
    await deliver(referral(beneficiary_id), at=issued_at)
    candidate = await candidate_of(client, beneficiary_id)
    assert (candidate["status"], candidate["reason"]) == ("declined", "consent_withdrawn")
    path = f"/candidates/{candidate['candidate_id']}/accept"
    assert (await client.post(path, headers=COORDINATOR)).status_code == 409


async def test_a_referral_made_after_the_withdrawal_means_consent_was_given_again(
    client: httpx.AsyncClient, deliver: Deliver, known: Known
) -> None:
    beneficiary_id = await known()
    await deliver(withdrawn(beneficiary_id), version=2, at=datetime.now(UTC) - timedelta(minutes=5))
    await deliver(referral(beneficiary_id))
    assert (await candidate_of(client, beneficiary_id))["status"] == "received"


async def test_a_consent_past_its_expiry_refuses_a_new_project_naming_the_day(
    client: httpx.AsyncClient, deliver: Deliver, known: Known, create_project: Create
) -> None:
    beneficiary_id = await known()
    expired_on = TODAY - timedelta(days=1)
    lapsing = ConsentGiven(
        beneficiary_id=UUID(beneficiary_id),
        purpose="referral_civic",
        given_on=TODAY - timedelta(days=90),
        expires_on=expired_on,
    )
    await deliver(lapsing, version=2)
    body = starting(await create_project(), beneficiary_id)
    refused = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/consent-expired")
    reason = f"consent for referral_civic expired on {expired_on.isoformat()}"
    assert problem["errors"] == [{"field": "body.beneficiary_id", "reason": reason}]
    listed = await client.get("/individual-projects", headers=OPERATOR)
    assert listed.json()["items"] == []
