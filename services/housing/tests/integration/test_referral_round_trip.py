"""Intake and housing, each with its own database, talking only through the real broker."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from intake.api.app import create_app as create_intake
from intake.migrations import SCRIPT_LOCATION as INTAKE_MIGRATIONS
from intake.settings import IntakeSettings
from lgnet_events.testing.infra import Infra
from lgnet_privacy import MasterKey
from lgnet_service.migrations import upgrade_database

from .conftest import COORDINATOR, OPERATOR, SECRET, Register, placement

pytestmark = pytest.mark.integration


@pytest.fixture
def run_workers() -> bool:
    return True


@pytest.fixture
async def intake(
    infra: Infra, namespace: str, unique_name: str
) -> AsyncIterator[httpx.AsyncClient]:
    url = await infra.create_database(unique_name + "_intake")
    upgrade_database(url, INTAKE_MIGRATIONS)
    settings = IntakeSettings(
        database_url=url,
        kafka_bootstrap=infra.bootstrap,
        topic_namespace=namespace,
        auth_hs256_secret=SECRET,
        master_key=MasterKey.generate().as_text(),
        consumer_session_timeout_ms=2000,
    )
    app = create_intake(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            yield client


async def eventually(probe: Callable[[], Awaitable[Any]], timeout: float = 45) -> Any:
    for _ in range(int(timeout * 4)):
        found = await probe()
        if found:
            return found
        await asyncio.sleep(0.25)
    raise AssertionError("it never happened")


async def registered_and_referred(intake: httpx.AsyncClient) -> tuple[str, str]:
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
        "channel": "mobile_unit",
        "contact_point": "stazione_centrale",
        "urgency": "high",
        "vulnerabilities": {"categories": ["homeless"]},
    }
    case_id = (await intake.post("/cases", json=case, headers=OPERATOR)).json()["case_id"]
    referred = await intake.post(
        f"/cases/{case_id}/referrals", json={"target": "housing"}, headers=OPERATOR
    )
    assert referred.status_code == 201, referred.text
    return beneficiary_id, case_id


async def test_a_referral_becomes_a_request_whose_acceptance_intake_records(
    app: FastAPI, client: httpx.AsyncClient, intake: httpx.AsyncClient, unit: Register
) -> None:
    beneficiary_id, case_id = await registered_and_referred(intake)

    async def pending() -> Any:
        listed = await client.get("/requests", params={"status": "pending"}, headers=OPERATOR)
        return listed.json()["items"]

    [request] = await eventually(pending)
    assert (request["case_id"], request["beneficiary_id"]) == (case_id, beneficiary_id)
    accepted = await client.post(f"/requests/{request['request_id']}/accept", headers=COORDINATOR)
    assert accepted.status_code == 200, accepted.text

    async def outcome() -> Any:
        case = (await intake.get(f"/cases/{case_id}", headers=OPERATOR)).json()
        return case["referrals"][0]["outcome"]

    assert await eventually(outcome) == "accepted"
    placed = await client.post(
        "/placements",
        json=placement(beneficiary_id, await unit(), request_id=request["request_id"]),
        headers=OPERATOR,
    )
    assert placed.status_code == 201, placed.text


async def test_an_erasure_in_intake_stops_new_measures_in_housing(
    app: FastAPI, client: httpx.AsyncClient, intake: httpx.AsyncClient
) -> None:
    beneficiary_id, _ = await registered_and_referred(intake)
    measure = {
        "beneficiary_id": beneficiary_id,
        "kind": "deposit",
        "amount_eur": "600.00",
        "months": 0,
        "start_date": "2026-05-01",
    }

    async def granted() -> bool:
        response = await client.post("/support-measures", json=measure, headers=OPERATOR)
        return response.status_code == 201

    assert await eventually(granted)
    erased = await intake.delete(f"/beneficiaries/{beneficiary_id}/personal-data", headers=OPERATOR)
    assert erased.status_code == 200, erased.text

    async def refused() -> Any:
        response = await client.post("/support-measures", json=measure, headers=OPERATOR)
        return response.status_code == 422 and response.json()["errors"]

    errors = await eventually(refused)  # grants made while the erasure travelled stay
    assert errors[0]["field"] == "body.beneficiary_id"
    totals = (await client.get("/support-measures", headers=OPERATOR)).json()["totals"]
    assert await refused()
    after = (await client.get("/support-measures", headers=OPERATOR)).json()["totals"]
    assert after == totals
    assert totals["beneficiaries"] == 1
    assert Decimal(totals["amount_eur"]) % Decimal("600.00") == 0


async def test_a_withdrawal_in_intake_closes_the_request_and_intake_shows_why(
    app: FastAPI, client: httpx.AsyncClient, intake: httpx.AsyncClient, unit: Register
) -> None:
    beneficiary_id, case_id = await registered_and_referred(intake)

    async def pending() -> Any:
        listed = await client.get("/requests", params={"status": "pending"}, headers=OPERATOR)
        return listed.json()["items"]

    await eventually(pending)
    path = f"/beneficiaries/{beneficiary_id}/consents/referral_housing/withdrawal"
    withdrawn = await intake.post(path, headers=OPERATOR)
    assert withdrawn.status_code == 200, withdrawn.text

    async def outcome() -> Any:
        case = (await intake.get(f"/cases/{case_id}", headers=OPERATOR)).json()
        referral = case["referrals"][0]
        return referral["outcome"] and (referral["outcome"], referral["reason"])

    assert await eventually(outcome) == ("declined", "consent_withdrawn")
    refused = await client.post(
        "/placements", json=placement(beneficiary_id, await unit()), headers=OPERATOR
    )
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("/consent-withdrawn")
