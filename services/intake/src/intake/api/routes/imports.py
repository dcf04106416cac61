"""``/imports/people``: people and their cases from a spreadsheet (CSV), all or nothing."""

from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.api.deps import Coordinator, IntakeDep, caller_of
from intake.handlers.imports import plan_import, run_import
from intake.imports import Plan, imported_ids
from lgnet_service.errors import ProblemError
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


class ImportProblem(BaseModel):
    row: int
    field: str
    reason: str


class ImportReport(BaseModel):
    dry_run: bool
    rows: int
    imported: bool
    problems: list[ImportProblem]
    beneficiary_ids: list[UUID]
    case_ids: list[UUID]


def report(plan: Plan, dry_run: bool, imported: bool) -> ImportReport:
    people, cases = imported_ids(plan) if imported else ([], [])
    problems = [ImportProblem(row=p.row, field=p.field, reason=p.reason) for p in plan.problems]
    rows = len(plan.rows) + len({p.row for p in plan.problems if p.row > 1})
    return ImportReport(
        dry_run=dry_run,
        rows=rows,
        imported=imported,
        problems=problems,
        beneficiary_ids=people,
        case_ids=cases,
    )


@router.post("/people", response_model=ImportReport, openapi_extra=CSV_BODY)
async def import_people(
    request: Request,
    principal: Coordinator,
    intake: IntakeDep,
    engine: EngineDep,
    once: IdempotencyDep,
    dry_run: bool = False,
) -> Response:
    """Validate a CSV of people (and cases); import all rows in one transaction, or none."""
    text = (await request.body()).decode("utf-8", errors="replace")
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


class RefusedImport(Exception):
    def __init__(self, plan: Plan) -> None:
        super().__init__("the import has problems")
        self.plan = plan
