"""Duplicate checks: rationed per token, and logged where they find someone elsewhere."""

import httpx
import pytest

from intake.settings import IntakeSettings

from .conftest import OPERATOR, Register, auth

ROMA = auth("operator", "roma", sub="op-roma")
BOLOGNA_COORDINATOR = auth("coordinator", "bologna", sub="coord-bologna")


def query(given: str = "Jonas", family: str = "Tesfaye") -> dict[str, str]:
    return {"given_names": given, "family_names": family, "birth_date": "1994-03-12"}


@pytest.fixture
def settings(settings: IntakeSettings) -> IntakeSettings:
    return settings.model_copy(update={"match_checks_per_hour": 3})


async def test_checks_beyond_the_hourly_ration_get_429_with_retry_after_for_that_token_only(
    client: httpx.AsyncClient,
) -> None:
    statuses = [
        (await client.post("/beneficiaries/matches", json=query(), headers=ROMA)).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    refused = await client.post("/beneficiaries/matches", json=query(), headers=ROMA)
    assert refused.json()["type"] == "/problems/rate-limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 20 * 60
    other = await client.post("/beneficiaries/matches", json=query(), headers=OPERATOR)
    assert other.status_code == 200
    written = await client.post(
        "/beneficiaries", json={"municipality": "roma"}, headers=ROMA
    )  # ordinary writes are not touched by the ration
    assert written.status_code == 422


async def test_a_check_that_finds_someone_elsewhere_is_in_their_access_log(
    client: httpx.AsyncClient, register: Register
) -> None:
    found = await register(given="Yonas", family="Tesfay")
    check = await client.post("/beneficiaries/matches", json=query(), headers=ROMA)
    assert check.json()["elsewhere"] is True
    log = await client.get(f"/beneficiaries/{found}/access-log", headers=BOLOGNA_COORDINATOR)
    checks = [e for e in log.json()["items"] if e["action"] == "check"]
    assert [(e["actor"], e["purpose"], e["what"], e["requested_from"]) for e in checks] == [
        ("op-roma", "duplicate_check", "similar_names_and_birth_date", ["roma"])
    ]


async def test_coordinators_and_auditors_of_the_person_see_the_checks_others_made(
    client: httpx.AsyncClient, register: Register
) -> None:
    found = await register(given="Yonas", family="Tesfay")
    await client.post("/beneficiaries/matches", json=query(), headers=ROMA)
    await client.post("/beneficiaries/matches", json=query(), headers=OPERATOR)  # own: no entry
    for reader in (BOLOGNA_COORDINATOR, auth("auditor", "bologna", sub="aud-1")):
        listed = await client.get("/duplicate-checks", headers=reader)
        assert listed.status_code == 200, listed.text
        [entry] = listed.json()["items"]
        assert entry["beneficiary_id"] == found
        assert (entry["actor"], entry["requested_from"], entry["municipality"]) == (
            "op-roma",
            ["roma"],
            "bologna",
        )
        assert entry["kind"] == "similar_names_and_birth_date"
    roma_coordinator = auth("coordinator", "roma", sub="coord-roma")
    assert (await client.get("/duplicate-checks", headers=roma_coordinator)).json()["items"] == []
    assert (await client.get("/duplicate-checks", headers=OPERATOR)).status_code == 403


async def test_a_check_that_finds_nobody_elsewhere_leaves_no_entry(
    client: httpx.AsyncClient, register: Register
) -> None:
    await register(given="Yonas", family="Tesfay")
    await client.post("/beneficiaries/matches", json=query("Amina", "Diallo"), headers=ROMA)
    listed = await client.get("/duplicate-checks", headers=BOLOGNA_COORDINATOR)
    assert listed.json()["items"] == []
