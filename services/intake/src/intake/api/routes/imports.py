"""``/imports/people``: people and their cases from a spreadsheet (CSV), all or nothing;
``/imports/{id}``: the progress and report of an import run beside its request."""

import json
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import import_jobs
from intake.api.deps import Coordinator, IntakeDep, caller_of
from intake.api.import_reports import ImportJobOut, ImportReport, RefusedImport, report
from intake.api.import_runs import ImportRun, start
from intake.bootstrap import Intake
from intake.handlers.imports import plan_import, run_import
from intake.import_jobs import NewJob
from lgnet_events.ids import uuid7
from lgnet_service.auth import Principal
from lgnet_service.errors import ProblemError, not_found
from lgnet_service.idempotency import IdempotencyDep
from lgnet_service.problems import problem_response
from lgnet_service.runtime import EngineDep

router = APIRouter(prefix="/imports", tags=["imports"])

CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "description": "UTF-8 CSV with a header row; columns in docs/casework.md",
    }
}
RESPOND_ASYNC = "respond-async"
ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {"model": ImportJobOut, "description": "with `Prefer: respond-async`"}
}


@router.post("/people", response_model=ImportReport, openapi_extra=CSV_BODY, responses=ACCEPTED)
async def import_people(
    request: Request,
    principal: Coordinator,
    intake: IntakeDep,
    engine: EngineDep,
    once: IdempotencyDep,
    dry_run: bool = False,
) -> Response:
    """Validate a CSV of people (and cases); import all rows in one transaction, or none.

    With ``Prefer: respond-async`` the import runs beside the request: 202 and
    ``Location: /imports/{id}``, where its progress and report are."""
    text = (await request.body()).decode("utf-8", errors="replace")
    if RESPOND_ASYNC in request.headers.get("Prefer", "").lower():
        return await _start_job(request, principal, intake, engine, once, text, dry_run)
    max_rows = intake.settings.import_max_rows
    if dry_run:
        async with engine.connect() as conn:
            plan = await plan_import(
                intake.unit(conn, caller_of(principal, request)), text, max_rows
            )
        return JSONResponse(report(plan, True, False).model_dump(mode="json"))

    async def command(conn: AsyncConnection) -> Response:
        unit = intake.unit(conn, caller_of(principal, request))
        plan = await plan_import(unit, text, max_rows)
        if plan.problems:
            raise RefusedImport(plan)
        await run_import(unit, plan)
        return JSONResponse(report(plan, False, True).model_dump(mode="json"), status_code=201)

    try:
        return await once.run(principal.sub, command)
    except RefusedImport as refused:
        problem = ProblemError(
            422,
            "Unprocessable Content",
            "the file has problems: nothing was imported",
            code="invalid-import",
        )
        body = report(refused.plan, False, False).model_dump(mode="json")
        return problem_response(request, problem, {"report": body})


async def _start_job(
    request: Request,
    principal: Principal,
    intake: Intake,
    engine: EngineDep,
    once: IdempotencyDep,
    text: str,
    dry_run: bool,
) -> Response:
    """Record the job (once per ``Idempotency-Key``), answer 202, run it beside the request."""
    municipalities = tuple(sorted(principal.municipalities))
    job = NewJob(uuid7(), principal.sub, municipalities, dry_run, intake.clock())

    async def command(conn: AsyncConnection) -> Response:
        out = _job_out(await import_jobs.create(conn, job), intake)
        headers = {"Location": f"/imports/{job.import_id}", "Preference-Applied": RESPOND_ASYNC}
        return JSONResponse(out.model_dump(mode="json"), status_code=202, headers=headers)

    response = await once.run(principal.sub, command)
    import_id = UUID(json.loads(bytes(response.body))["import_id"])
    caller = caller_of(principal, request)
    start(ImportRun(engine, intake, caller, _with_id(job, import_id), text), intake.imports_running)
    return response


def _with_id(job: NewJob, import_id: UUID) -> NewJob:
    """On a replay the job is the first request's: starting it again is a no-op once claimed."""
    return NewJob(import_id, job.started_by, job.municipalities, job.dry_run, job.at)


@router.get("/{import_id}", response_model=ImportJobOut)
async def read_import(
    import_id: UUID, principal: Coordinator, intake: IntakeDep, engine: EngineDep
) -> ImportJobOut:
    """Progress (rows checked and written of the total) and, once ended, the report."""
    async with engine.connect() as conn:
        row = await import_jobs.find(conn, import_id)
    if row is None or row["started_by"] != principal.sub:
        raise not_found("import")
    return _job_out(row, intake)


def _job_out(row: RowMapping, intake: Intake) -> ImportJobOut:
    return ImportJobOut(**{**dict(row), "status": import_jobs.status_at(row, intake.clock())})
