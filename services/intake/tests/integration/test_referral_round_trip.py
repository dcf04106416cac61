import asyncio
import json
import logging
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import CivicCandidateDeclined
from lgnet_events.catalog.housing import HousingRequestAccepted
from lgnet_events.envelope import Envelope, EventContext
from lgnet_events.ids import uuid7
from lgnet_events.publisher import KafkaPublisher
from lgnet_events.store import build_envelopes
from lgnet_events.testing.infra import Infra
from lgnet_events.testing.kafka import read_topic
from lgnet_events.topics import ensure_topics

from .conftest import OPERATOR, Register, person


@pytest.fixture
def run_workers() -> bool:
    return True


async def publish(infra: Infra, topic: str, envelopes: list[Envelope]) -> None:
    await ensure_topics(infra.bootstrap, [topic])
    publisher = KafkaPublisher(infra.bootstrap)
    await publisher.start()
    try:
        await publisher.publish(topic, envelopes)
    finally:
        await publisher.stop()


def answer(event: DomainEvent, municipality: str = "bologna") -> Envelope:
    context = EventContext(actor="housing-coordinator", municipality=municipality)
    return build_envelopes([event], context, 0)[0]


async def referral_outcome(client: httpx.AsyncClient, case_id: str, timeout: float = 30) -> Any:
    for _ in range(int(timeout * 5)):
        case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
        if case["referrals"][0]["outcome"] is not None:
            return case
        await asyncio.sleep(0.2)
    raise AssertionError("the referral outcome was never recorded")


async def refer(client: httpx.AsyncClient, case_id: str, target: str) -> str:
    referred = await client.post(
        f"/cases/{case_id}/referrals", json={"target": target}, headers=OPERATOR
    )
    assert referred.status_code == 201
    return str(referred.json()["referrals"][0]["referral_id"])


async def test_a_housing_acceptance_on_the_broker_is_recorded_on_the_case_once(
    client: httpx.AsyncClient, infra: Infra, namespace: str, open_case: Register, app: FastAPI
) -> None:
    case_id = await open_case()
    referral_id = await refer(client, case_id, "housing")
    issued = await read_topic(infra.bootstrap, f"{namespace}.intake.events", at_least=3)
    referral = [json.loads(r.value) for r in issued if b"ReferralIssued" in r.value]
    assert referral[0]["data"]["target"] == "housing"
    data = referral[0]["data"]
    accepted = answer(
        HousingRequestAccepted(
            request_id=uuid7(),
            referral_id=referral_id,
            case_id=case_id,
            beneficiary_id=data["beneficiary_id"],
        )
    )
    await publish(infra, f"{namespace}.housing.events", [accepted, accepted])
    case = await referral_outcome(client, case_id)
    assert case["referrals"][0]["outcome"] == "accepted"
    await asyncio.sleep(1.0)
    history = (await client.get(f"/cases/{case_id}/history", headers=OPERATOR)).json()["items"]
    recorded = [i for i in history if i["event_type"] == "intake.ReferralOutcomeRecorded"]
    assert len(recorded) == 1
    assert recorded[0]["actor"] == "housing-coordinator"


async def test_a_civic_decline_from_another_municipality_is_ignored(
    client: httpx.AsyncClient, infra: Infra, namespace: str, open_case: Register, app: FastAPI
) -> None:
    case_id = await open_case()
    referral_id = await refer(client, case_id, "civic")
    beneficiary_id = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()[
        "beneficiary_id"
    ]

    def declined(municipality: str) -> Envelope:
        event = CivicCandidateDeclined(
            candidate_id=uuid7(),
            referral_id=referral_id,
            case_id=case_id,
            beneficiary_id=beneficiary_id,
            reason="no_places",
        )
        return answer(event, municipality)

    await publish(infra, f"{namespace}.civic.events", [declined("milano"), declined("bologna")])
    case = await referral_outcome(client, case_id)
    assert (case["referrals"][0]["outcome"], case["referrals"][0]["reason"]) == (
        "declined",
        "no_places",
    )
    history = (await client.get(f"/cases/{case_id}/history", headers=OPERATOR)).json()["items"]
    assert [i["event_type"] for i in history].count("intake.ReferralOutcomeRecorded") == 1


async def test_after_erasure_no_stored_or_published_event_reveals_the_person(
    client: httpx.AsyncClient,
    infra: Infra,
    namespace: str,
    app: FastAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = ["Zarathustra", "Quixotebert", "1987-11-23", "333 9876543", "ZQ9988776"]
    details = person(given=secrets[0], family=secrets[1], born=secrets[2])
    details["phone"] = "+39 " + secrets[3]
    details["identity_document"]["number"] = secrets[4]
    body = {"municipality": "bologna", "sex": "male", "nationality": "ER", "personal_data": details}
    beneficiary_id = (await client.post("/beneficiaries", json=body, headers=OPERATOR)).json()[
        "beneficiary_id"
    ]
    case = {
        "beneficiary_id": beneficiary_id,
        "channel": "one_stop_shop",
        "contact_point": "desk",
        "urgency": "low",
        "vulnerabilities": {"notes": f"{secrets[0]} told us about torture"},
    }
    case_id = (await client.post("/cases", json=case, headers=OPERATOR)).json()["case_id"]
    await client.patch(
        f"/beneficiaries/{beneficiary_id}",
        json={"personal_data": {"phone": "+39 " + secrets[3]}},
        headers=OPERATOR,
    )
    assert (await client.get(f"/beneficiaries/{beneficiary_id}", headers=OPERATOR)).json()[
        "personal_data"
    ]
    erased = await client.delete(f"/beneficiaries/{beneficiary_id}/personal-data", headers=OPERATOR)
    assert erased.status_code == 200
    records = await read_topic(infra.bootstrap, f"{namespace}.intake.events", at_least=4)
    # registered, case opened, personal data updated, erased: partitions interleave them
    assert len(records) == 4
    published = b"\n".join(r.value for r in records)
    runtime = app.state.runtime
    async with runtime.engine.connect() as conn:
        stored = "\n".join(
            str(row) for row in await conn.execute(text("SELECT data::text FROM events"))
        )
        [registered] = [
            json.loads(r.value)
            for r in records
            if json.loads(r.value)["event_type"] == "intake.BeneficiaryRegistered"
        ]
        sealed = registered["data"]["personal_data"]
        assert await app.state.intake.vault.open(conn, beneficiary_id, sealed) is None
    logged = caplog.text
    for secret in secrets:
        assert secret.encode() not in published
        assert secret not in stored
        assert secret not in logged
    detail = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert detail["vulnerabilities"] is None
