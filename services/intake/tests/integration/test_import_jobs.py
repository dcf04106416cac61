"""Imports run beside the request (``Prefer: respond-async``): progress, report, all or none."""

import asyncio
from typing import Any

import httpx

from .conftest import COORDINATOR, OPERATOR, auth
from .test_imports import CSV, ROWS, csv_file

ASYNC = {**COORDINATOR, **CSV, "Prefer": "respond-async"}


def many_rows(count: int) -> list[str]:
    return [
        f"bologna,Person,Number{chr(65 + i // 26)}{chr(65 + i % 26)},1990-01-15,female,UA,uk,,,,,"
        for i in range(count)
    ]


async def finished(client: httpx.AsyncClient, location: str) -> dict[str, Any]:
    for _ in range(200):
        job = (await client.get(location, headers=COORDINATOR)).json()
        if job["status"] not in ("queued", "checking", "writing"):
            return dict(job)
        await asyncio.sleep(0.05)
    raise AssertionError("the import did not finish")


async def test_an_import_answers_202_at_once_and_its_job_shows_progress_and_the_report(
    client: httpx.AsyncClient,
) -> None:
    started = await client.post("/imports/people", content=csv_file(*many_rows(120)), headers=ASYNC)
    assert started.status_code == 202, started.text
    assert started.headers["Preference-Applied"] == "respond-async"
    location = started.headers["Location"]
    assert location == f"/imports/{started.json()['import_id']}"
    job = await finished(client, location)
    assert (job["status"], job["rows_total"], job["rows_checked"], job["rows_written"]) == (
        "done",
        120,
        120,
        120,
    )
    assert job["report"]["imported"] is True
    assert len(job["report"]["beneficiary_ids"]) == 120
    person = job["report"]["beneficiary_ids"][0]
    assert (await client.get(f"/beneficiaries/{person}", headers=OPERATOR)).status_code == 200


async def test_a_file_with_a_problem_imports_nothing_and_the_job_says_why(
    client: httpx.AsyncClient,
) -> None:
    rows = [*many_rows(60), "bologna,Bad,Date,1990-13-45,female,UA,uk,,,,,"]
    started = await client.post("/imports/people", content=csv_file(*rows), headers=ASYNC)
    job = await finished(client, started.headers["Location"])
    assert (job["status"], job["rows_checked"], job["rows_written"]) == ("refused", 61, 0)
    assert [(p["row"], p["field"]) for p in job["report"]["problems"]] == [(62, "birth_date")]
    assert (await client.get("/cases", headers=OPERATOR)).json()["items"] == []
    again = await client.post("/imports/people", content=csv_file(*many_rows(60)), headers=ASYNC)
    assert (await finished(client, again.headers["Location"]))["status"] == "done"


async def test_a_dry_run_job_reports_and_writes_nothing(client: httpx.AsyncClient) -> None:
    started = await client.post(
        "/imports/people?dry_run=true", content=csv_file(*ROWS), headers=ASYNC
    )
    job = await finished(client, started.headers["Location"])
    assert (job["status"], job["dry_run"], job["report"]["imported"]) == ("done", True, False)
    assert job["report"]["problems"] == []
    assert (await client.get("/cases", headers=OPERATOR)).json()["items"] == []


async def test_a_retried_request_is_one_job_and_one_import(client: httpx.AsyncClient) -> None:
    headers = {**ASYNC, "Idempotency-Key": "import-once"}
    first = await client.post("/imports/people", content=csv_file(*ROWS), headers=headers)
    await finished(client, first.headers["Location"])
    retry = await client.post("/imports/people", content=csv_file(*ROWS), headers=headers)
    assert retry.json()["import_id"] == first.json()["import_id"]
    await asyncio.sleep(0.2)
    assert len((await client.get("/cases", headers=OPERATOR)).json()["items"]) == 1


async def test_only_whoever_started_an_import_sees_it(client: httpx.AsyncClient) -> None:
    started = await client.post("/imports/people", content=csv_file(*ROWS), headers=ASYNC)
    await finished(client, started.headers["Location"])
    colleague = auth("coordinator", "bologna", sub="coord-2")
    assert (await client.get(started.headers["Location"], headers=colleague)).status_code == 404
    assert (await client.get(started.headers["Location"], headers=OPERATOR)).status_code == 403
