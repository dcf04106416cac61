"""Intake and civic, each on its own database, talking only through the real broker."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI

from intake.api.app import create_app as create_intake_app
from intake.migrations import SCRIPT_LOCATION as INTAKE_MIGRATIONS
from intake.settings import IntakeSettings
from lgnet_events.testing.infra import Infra
from lgnet_privacy import MasterKey
from lgnet_service.directory import ERASED, erased_at
from lgnet_service.migrations import upgrade_database

from .conftest import OPERATOR, SECRET, Create

Probe = Callable[[], Awaitable[Any]]


@pytest.fixture
def run_workers() -> bool:
    return True


@pytest.fixture
async def intake(
    infra: Infra, namespace: str, unique_name: str
) -> AsyncIterator[httpx.AsyncClient]:
    url = await infra.create_database(f"{unique_name}_intake")
    upgrade_database(url, INTAKE_MIGRATIONS)
    settings = IntakeSettings(
        database_url=url,
        kafka_bootstrap=infra.bootstrap,
        topic_namespace=namespace,
        auth_hs256_secret=SECRET,
        master_key=MasterKey.generate().as_text(),
        consumer_session_timeout_ms=2000,
    )
    app: FastAPI = create_intake_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            yield client


async def eventually(probe: Probe, timeout: float = 40) -> Any:
    for _ in range(int(timeout * 5)):
        found = await probe()
        if found:
            return found
        await asyncio.sleep(0.2)
    raise AssertionError("the other service never answered")


async def referred_person(intake: httpx.AsyncClient) -> tuple[str, str]:
    person = {
        "given_names": "Amina",
        "family_names": "Diallo",
        "birth_date": "1994-03-12",
        "consent": {"purposes": ["case_management", "referral"], "given_on": "2026-05-02"},
    }
    body = {
        "municipality": "bologna",
        "sex": "female",
        "nationality": "SN",
        "personal_data": person,
    }
    registered = await intake.post("/beneficiaries", json=body, headers=OPERATOR)
    assert registered.status_code == 201, registered.text
    beneficiary_id = registered.json()["beneficiary_id"]
    case = {
        "beneficiary_id": beneficiary_id,
        "channel": "one_stop_shop",
        "contact_point": "sportello",
        "urgency": "medium",
    }
    case_id = (await intake.post("/cases", json=case, headers=OPERATOR)).json()["case_id"]
    referred = await intake.post(
        f"/cases/{case_id}/referrals", json={"target": "civic"}, headers=OPERATOR
    )
    assert referred.status_code == 201, referred.text
    return beneficiary_id, case_id


async def test_a_civic_referral_comes_back_to_intake_as_accepted_and_erasure_stops_new_work(
    intake: httpx.AsyncClient, client: httpx.AsyncClient, create_project: Create, app: FastAPI
) -> None:
    beneficiary_id, case_id = await referred_person(intake)

    async def candidates() -> list[Any]:
        return list((await client.get("/candidates", headers=OPERATOR)).json()["items"])

    [candidate] = await eventually(candidates)
    assert (candidate["case_id"], candidate["beneficiary_id"]) == (case_id, beneficiary_id)
    accepted = await client.post(
        f"/candidates/{candidate['candidate_id']}/accept", headers=OPERATOR
    )
    assert accepted.status_code == 200, accepted.text

    async def outcome() -> str | None:
        case = (await intake.get(f"/cases/{case_id}", headers=OPERATOR)).json()
        return case["referrals"][0]["outcome"]  # type: ignore[no-any-return]

    assert await eventually(outcome) == "accepted"

    project_id = await create_project(places=3)
    started = await client.post(
        "/individual-projects",
        json={"project_id": project_id, "candidate_id": candidate["candidate_id"], "tutor": "t_1"},
        headers=OPERATOR,
    )
    assert started.status_code == 201, started.text

    erased = await intake.delete(f"/beneficiaries/{beneficiary_id}/personal-data", headers=OPERATOR)
    assert erased.status_code == 200
    other = await create_project(places=3)
    direct = {"project_id": other, "beneficiary_id": beneficiary_id, "tutor": "t_1"}

    async def erasure_known() -> bool:
        async with app.state.runtime.engine.connect() as conn:
            return await erased_at(conn, UUID(beneficiary_id)) is not None

    await eventually(erasure_known)
    response = await client.post("/individual-projects", json=direct, headers=OPERATOR)
    assert response.status_code == 422
    assert response.json()["errors"][0]["reason"] == ERASED


async def test_a_withdrawal_in_intake_closes_the_candidacy_and_intake_shows_why(
    intake: httpx.AsyncClient, client: httpx.AsyncClient, create_project: Create
) -> None:
    beneficiary_id, case_id = await referred_person(intake)

    async def candidates() -> list[Any]:
        return list((await client.get("/candidates", headers=OPERATOR)).json()["items"])

    await eventually(candidates)
    path = f"/beneficiaries/{beneficiary_id}/consents/referral_civic/withdrawal"
    withdrawn = await intake.post(path, headers=OPERATOR)
    assert withdrawn.status_code == 200, withdrawn.text

    async def outcome() -> Any:
        case = (await intake.get(f"/cases/{case_id}", headers=OPERATOR)).json()
        referral = case["referrals"][0]
        return referral["outcome"] and (referral["outcome"], referral["reason"])

    assert await eventually(outcome) == ("declined", "consent_withdrawn")
    direct = {"project_id": await create_project(), "beneficiary_id": beneficiary_id, "tutor": "t"}
    refused = await client.post("/individual-projects", json=direct, headers=OPERATOR)
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("/consent-withdrawn")
