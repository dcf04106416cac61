import dataclasses
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI

from .conftest import COORDINATOR, OPERATOR, Register, auth

ROMA_COORDINATOR = auth("coordinator", "roma", sub="coord-roma")
REASON = "found unconscious at Roma Termini, the hospital needs her allergies"


def move_clock(app: FastAPI, by: timedelta) -> None:
    later = datetime.now(UTC) + by
    app.state.intake = dataclasses.replace(app.state.intake, clock=lambda: later)


async def test_a_coordinator_reads_another_municipalitys_record_only_while_the_grant_lasts(
    app: FastAPI, client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    beneficiary_id = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()[
        "beneficiary_id"
    ]
    person = f"/beneficiaries/{beneficiary_id}"
    assert (await client.get(person, headers=ROMA_COORDINATOR)).status_code == 404
    granted = await client.post(
        f"{person}/break-glass", json={"reason": REASON, "minutes": 30}, headers=ROMA_COORDINATOR
    )
    assert granted.status_code == 201, granted.text
    assert granted.json()["municipality"] == "bologna"
    read = await client.get(person, headers=ROMA_COORDINATOR)
    assert read.status_code == 200
    assert read.json()["personal_data"]["family_names"] == "Diallo"
    listed = await client.get(f"/cases?beneficiary_id={beneficiary_id}", headers=ROMA_COORDINATOR)
    assert [c["case_id"] for c in listed.json()["items"]] == [case_id]
    case = await client.get(f"/cases/{case_id}", headers=ROMA_COORDINATOR)
    assert case.json()["vulnerabilities"]["notes"] == "sleeps at the station"
    other_roma = auth("coordinator", "roma", sub="coord-roma-2")
    assert (await client.get(person, headers=other_roma)).status_code == 404
    move_clock(app, timedelta(minutes=31))
    assert (await client.get(person, headers=ROMA_COORDINATOR)).status_code == 404
    assert (await client.get(f"/cases/{case_id}", headers=ROMA_COORDINATOR)).status_code == 404
    hidden = await client.get(f"/cases?beneficiary_id={beneficiary_id}", headers=ROMA_COORDINATOR)
    assert hidden.json()["items"] == []


async def test_the_grant_is_shown_to_the_persons_coordinators_and_the_auditor(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    await client.post(
        f"/beneficiaries/{beneficiary_id}/break-glass",
        json={"reason": REASON, "minutes": 10},
        headers=ROMA_COORDINATOR,
    )
    for headers in (COORDINATOR, auth("auditor", "*", sub="auditor-1")):
        listed = await client.get("/break-glass", headers=headers)
        assert listed.status_code == 200, listed.text
        grants = [g for g in listed.json()["items"] if g["beneficiary_id"] == beneficiary_id]
        assert [(g["granted_to"], g["reason"]) for g in grants] == [("coord-roma", REASON)]
    assert (await client.get("/break-glass", headers=OPERATOR)).status_code == 403
    theirs = await client.get("/break-glass", headers=ROMA_COORDINATOR)
    assert beneficiary_id not in [g["beneficiary_id"] for g in theirs.json()["items"]]


async def test_break_glass_is_refused_without_need_reason_or_role(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    url = f"/beneficiaries/{beneficiary_id}/break-glass"
    body = {"reason": REASON, "minutes": 10}
    own = await client.post(url, json=body, headers=COORDINATOR)
    assert own.status_code == 409
    operator = await client.post(url, json=body, headers=auth("operator", "roma"))
    assert operator.status_code == 403
    short = await client.post(url, json={"reason": "x", "minutes": 10}, headers=ROMA_COORDINATOR)
    assert short.status_code == 422
    too_long = await client.post(
        url, json={"reason": REASON, "minutes": 24 * 60}, headers=ROMA_COORDINATOR
    )
    assert too_long.status_code == 422
    unknown = await client.post(
        "/beneficiaries/0192f0c4-0000-7000-8000-000000000000/break-glass",
        json=body,
        headers=ROMA_COORDINATOR,
    )
    assert unknown.status_code == 404
    assert (await client.get("/break-glass", headers=COORDINATOR)).json()["items"] == []
