"""Intake's real HTTP API, outbox relay and topic feeding reporting's real consumer."""

import asyncio
from collections.abc import AsyncIterator
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

from .conftest import ADMIN, AUDITOR, SECRET, auth

pytestmark = pytest.mark.integration
OPERATOR = auth("operator", "bologna", "roma", sub="op-1")


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
    app: FastAPI = create_intake(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            yield client


async def take_in_charge(
    intake: httpx.AsyncClient, municipality: str, channel: str, born: str
) -> None:
    person = {
        "municipality": municipality,
        "sex": "female",
        "nationality": "NG",
        "languages": ["en"],
        "personal_data": {
            "given_names": "Blessing",
            "family_names": "Okafor",
            "birth_date": born,
            "consent": {"purposes": ["case_management"], "given_on": "2026-05-02"},
        },
    }
    registered = await intake.post("/beneficiaries", json=person, headers=OPERATOR)
    assert registered.status_code == 201, registered.text
    case = {
        "beneficiary_id": registered.json()["beneficiary_id"],
        "channel": channel,
        "contact_point": "piazza",
        "urgency": "medium",
        "vulnerabilities": {"categories": ["homeless"], "notes": "Blessing sleeps outside"},
    }
    opened = await intake.post("/cases", json=case, headers=OPERATOR)
    assert opened.status_code == 201, opened.text


async def eventually(
    client: httpx.AsyncClient, url: str, expected: Any, timeout: float = 40
) -> Any:
    for _ in range(int(timeout * 5)):
        body = (await client.get(url, headers=ADMIN)).json()
        if expected(body):
            return body
        await asyncio.sleep(0.2)
    raise AssertionError(f"{url} never matched: {body}")


async def test_people_taken_in_charge_through_intake_appear_in_the_kpis(
    intake: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    for municipality, channel, born in [
        ("bologna", "mobile_unit", "1999-04-02"),
        ("bologna", "one_stop_shop", "1988-01-15"),
        ("roma", "mobile_unit", "2001-09-30"),
    ]:
        await take_in_charge(intake, municipality, channel, born)

    def three(body: Any) -> bool:
        return bool(body["kpis"][0]["value"] == 3)

    await eventually(client, "/reports/kpis", three)
    roma = (await client.get("/reports/kpis?municipality=roma", headers=ADMIN)).json()
    assert roma["kpis"][0]["value"] == 1
    channels = await client.get(
        "/reports/breakdowns?metric=taken_in_charge&by=channel", headers=ADMIN
    )
    assert channels.json()["cells"] == {"mobile_unit": 2, "one_stop_shop": 1}
    audit = await client.get("/audit/events?limit=200", headers=AUDITOR)
    assert "Blessing" not in audit.text
    assert "lgnet:v1:" not in audit.text
    assert {e["event_type"] for e in audit.json()["items"]} >= {
        "intake.BeneficiaryRegistered",
        "intake.CaseOpened",
    }
