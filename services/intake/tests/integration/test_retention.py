import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI

from intake.retention import RetentionWorker

from .conftest import COORDINATOR, OPERATOR, Register, auth

ADMIN = auth("admin", "*", sub="admin-1")


def move_clock(app: FastAPI, by: timedelta) -> None:
    later = datetime.now(UTC) + by
    app.state.intake = dataclasses.replace(app.state.intake, clock=lambda: later)


async def closed_case(client: httpx.AsyncClient, open_case: Register, name: str) -> str:
    case_id = await open_case(given=name)
    closed = await client.post(
        f"/cases/{case_id}/close", json={"outcome": "autonomy_reached"}, headers=COORDINATOR
    )
    assert closed.status_code == 200, closed.text
    return str(closed.json()["beneficiary_id"])


async def test_personal_data_of_cases_closed_past_retention_is_erased_and_counts_stay(
    app: FastAPI, client: httpx.AsyncClient, open_case: Register
) -> None:
    done = await closed_case(client, open_case, "Done")
    still_open = await open_case(given="Open")
    days = app.state.intake.settings.closed_case_retention_days
    early = await client.post("/admin/retention", headers=ADMIN)
    assert done not in early.json()["beneficiary_ids"]
    move_clock(app, timedelta(days=days + 1))
    dry = await client.post("/admin/retention?dry_run=true", headers=ADMIN)
    assert done in dry.json()["beneficiary_ids"]
    assert (await client.get(f"/beneficiaries/{done}", headers=OPERATOR)).json()["erased"] is False
    run = await client.post("/admin/retention", headers=ADMIN)
    assert run.status_code == 200, run.text
    assert done in run.json()["beneficiary_ids"]
    person = (await client.get(f"/beneficiaries/{done}", headers=OPERATOR)).json()
    assert (person["erased"], person["personal_data"], person["nationality"]) == (True, None, "SN")
    cases = await client.get(f"/cases?beneficiary_id={done}", headers=OPERATOR)
    assert [c["status"] for c in cases.json()["items"]] == ["closed"]
    kept = (await client.get(f"/cases/{still_open}", headers=OPERATOR)).json()
    assert kept["vulnerabilities"]["notes"] == "sleeps at the station"
    again = await client.post("/admin/retention", headers=ADMIN)
    assert done not in again.json()["beneficiary_ids"]


async def test_only_an_admin_runs_retention(client: httpx.AsyncClient) -> None:
    for headers in (OPERATOR, COORDINATOR, auth("auditor", "*")):
        assert (await client.post("/admin/retention", headers=headers)).status_code == 403


async def test_the_retention_worker_erases_on_its_own_and_reports_its_status(
    app: FastAPI, client: httpx.AsyncClient, open_case: Register
) -> None:
    done = await closed_case(client, open_case, "Worker")
    intake = app.state.intake
    later = datetime.now(UTC) + timedelta(days=intake.settings.closed_case_retention_days + 1)
    worker = RetentionWorker(
        app.state.runtime.engine,
        intake.unit,
        lambda: later,
        intake.settings.retention,
        0.05,
    )
    await worker.start()
    try:
        for _ in range(100):
            if worker.status()["erased"]:
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.stop()
    assert worker.status()["running"] is False
    assert worker.status()["erased"] >= 1
    person = (await client.get(f"/beneficiaries/{done}", headers=OPERATOR)).json()
    assert person["erased"] is True
