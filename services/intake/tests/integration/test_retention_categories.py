"""Retention per data category: what goes, what stays (the events, the cases, the counts)."""

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from intake import access_log
from intake.import_jobs import import_jobs
from intake.schema import retention_runs
from intake.settings import IntakeSettings

from .conftest import COORDINATOR, OPERATOR, Register, auth
from .test_retention import ADMIN, closed_case

AUDITOR = auth("auditor", "bologna", sub="aud-1")
DAY = timedelta(days=1)


@pytest.fixture
def settings(settings: IntakeSettings) -> IntakeSettings:
    return settings.model_copy(
        update={"match_key_retention_days": 30, "access_log_retention_days": 365}
    )


def at(app: FastAPI, moment: datetime) -> None:
    app.state.intake = dataclasses.replace(app.state.intake, clock=lambda: moment)


def by_category(run: httpx.Response) -> dict[str, Any]:
    assert run.status_code == 200, run.text
    return {c["category"]: c for c in run.json()["categories"]}


async def history_length(client: httpx.AsyncClient, case_id: str) -> int:
    history = await client.get(f"/cases/{case_id}/history", headers=OPERATOR)
    return len(history.json())


async def test_duplicate_check_keys_go_first_and_the_person_and_events_stay(
    app: FastAPI, client: httpx.AsyncClient, open_case: Register
) -> None:
    person = await closed_case(client, open_case, "Keys")
    [case] = (await client.get(f"/cases?beneficiary_id={person}", headers=OPERATOR)).json()["items"]
    events = await history_length(client, case["case_id"])
    at(app, datetime.now(UTC) + 31 * DAY)
    dry = by_category(await client.post("/admin/retention?dry_run=true", headers=ADMIN))
    assert (dry["match_keys"]["count"], dry["match_keys"]["beneficiary_ids"]) == (1, [person])
    assert dry["personal_data"]["count"] == 0
    query = {"given_names": "Keys", "family_names": "Diallo", "birth_date": "1994-03-12"}
    found = await client.post("/beneficiaries/matches", json=query, headers=OPERATOR)
    assert len(found.json()["matches"]) == 1  # a dry run removes nothing
    run = by_category(await client.post("/admin/retention", headers=ADMIN))
    assert run["match_keys"]["count"] == 1
    found = await client.post("/beneficiaries/matches", json=query, headers=OPERATOR)
    assert found.json()["matches"] == []
    kept = (await client.get(f"/beneficiaries/{person}", headers=OPERATOR)).json()
    assert kept["personal_data"]["given_names"] == "Keys"
    assert await history_length(client, case["case_id"]) == events
    again = by_category(await client.post("/admin/retention?dry_run=true", headers=ADMIN))
    assert again["match_keys"]["count"] == 0


async def test_old_access_log_entries_go_recent_ones_and_every_event_stay(
    app: FastAPI, client: httpx.AsyncClient, open_case: Register, db: AsyncEngine
) -> None:
    case_id = await open_case(given="Logged")
    person = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()["beneficiary_id"]
    events = await history_length(client, case_id)
    await backdated_reads(db, UUID(person), years_ago=(3, 2))
    before = await entries(client, person)
    dry = by_category(await client.post("/admin/retention?dry_run=true", headers=ADMIN))
    assert dry["access_log"]["count"] == 2
    assert dry["access_log"]["retention_days"] == 365
    run = by_category(await client.post("/admin/retention", headers=ADMIN))
    assert run["access_log"]["count"] == 2
    after = await entries(client, person)
    assert len(after) == len(before) - 2
    assert all(e["at"] > (datetime.now(UTC) - 365 * DAY).isoformat() for e in after)
    assert await history_length(client, case_id) == events
    async with db.connect() as conn:
        recorded = (
            await conn.execute(
                select(retention_runs.c.removed).where(retention_runs.c.category == "access_log")
            )
        ).scalar_one()
    assert recorded == 2


async def test_the_access_log_refuses_to_lose_an_entry_younger_than_a_year(
    client: httpx.AsyncClient, register: Register, db: AsyncEngine
) -> None:
    await register()
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.begin() as conn:
            await access_log.delete_before(conn, datetime.now(UTC) + DAY)
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.begin() as conn:
            await conn.execute(access_log.access_log.delete())


async def test_ended_imports_go_after_their_retention(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    body = "municipality,given_names,family_names,birth_date,sex,nationality\n"
    body += "bologna,Imported,Person,1990-01-15,female,UA\n"
    headers = {**COORDINATOR, "Content-Type": "text/csv", "Prefer": "respond-async"}
    started = await client.post("/imports/people?dry_run=true", content=body, headers=headers)
    assert started.status_code == 202
    for _ in range(100):
        job = (await client.get(started.headers["Location"], headers=COORDINATOR)).json()
        if job["status"] == "done":
            break
        await asyncio.sleep(0.05)
    at(app, datetime.now(UTC) + 91 * DAY)
    run = by_category(await client.post("/admin/retention", headers=ADMIN))
    assert run["import_jobs"]["count"] == 1
    async with db.connect() as conn:
        left = (await conn.execute(select(func.count()).select_from(import_jobs))).scalar_one()
    assert left == 0


async def backdated_reads(db: AsyncEngine, person: UUID, years_ago: tuple[int, ...]) -> None:
    async with db.begin() as conn:
        for years in years_ago:
            read = access_log.Read(
                actor="op-old",
                roles=("operator",),
                beneficiary_id=person,
                municipality="bologna",
                what="beneficiary",
                purpose="case_work",
                at=datetime.now(UTC) - timedelta(days=365 * years),
            )
            await access_log.record_read(conn, read)


async def entries(client: httpx.AsyncClient, person: str) -> list[dict[str, Any]]:
    log = await client.get(f"/beneficiaries/{person}/access-log?limit=200", headers=AUDITOR)
    assert log.status_code == 200, log.text
    return list(log.json()["items"])
