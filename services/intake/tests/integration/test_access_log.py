import csv
import io

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import COORDINATOR, OPERATOR, Register, auth

AUDITOR = auth("auditor", "*", sub="auditor-1")
ROMA_COORDINATOR = auth("coordinator", "roma", sub="coord-roma")


async def test_the_auditor_sees_who_read_and_changed_a_person_when_and_why(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    person = f"/beneficiaries/{case['beneficiary_id']}"
    await client.get(person, headers=COORDINATOR)
    await client.get(person, headers=AUDITOR)  # no personal data shown: nothing to log
    await client.post(
        f"{person}/break-glass",
        json={"reason": "ambulance called from Roma, needs the emergency contact", "minutes": 5},
        headers=ROMA_COORDINATOR,
    )
    await client.get(person, headers=ROMA_COORDINATOR)
    log = await client.get(f"{person}/access-log", headers=AUDITOR)
    assert log.status_code == 200, log.text
    entries = [(e["action"], e["what"], e["actor"], e["purpose"]) for e in log.json()["items"]]
    assert entries == [
        ("change", "intake.BeneficiaryRegistered", "op-1", "case_work"),
        ("change", "intake.CaseOpened", "op-1", "case_work"),
        ("read", "case", "op-1", "case_work"),
        ("read", "beneficiary", "coord-1", "case_work"),
        ("change", "intake.BreakGlassAccessGranted", "coord-roma", "break_glass"),
        ("read", "beneficiary", "coord-roma", "break_glass"),
    ]
    assert log.json()["items"][-1]["grant_id"] is not None


async def test_the_access_log_is_paged_and_exported_as_csv_for_an_article_15_request(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    person = f"/beneficiaries/{beneficiary_id}"
    for _ in range(3):
        await client.get(person, headers=OPERATOR)
    first = await client.get(f"{person}/access-log?limit=2", headers=COORDINATOR)
    rest = await client.get(
        f"{person}/access-log?cursor={first.json()['next_cursor']}", headers=COORDINATOR
    )
    assert len(first.json()["items"]) + len(rest.json()["items"]) == 4
    exported = await client.get(f"{person}/access-log.csv", headers=AUDITOR)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["action"] for r in rows] == ["change", "read", "read", "read"]
    assert "Diallo" not in exported.text


async def test_only_auditors_and_the_persons_coordinators_read_the_access_log(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    url = f"/beneficiaries/{beneficiary_id}/access-log"
    assert (await client.get(url, headers=OPERATOR)).status_code == 403
    assert (await client.get(url, headers=ROMA_COORDINATOR)).status_code == 404
    assert (await client.get(url, headers=auth("national_office", "*"))).status_code == 403


async def test_the_access_log_refuses_updates_and_deletes(
    client: httpx.AsyncClient, register: Register, db: AsyncEngine
) -> None:
    await register()
    for statement in ("UPDATE access_log SET actor = 'nobody'", "DELETE FROM access_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with db.begin() as conn:
                await conn.execute(text(statement))
