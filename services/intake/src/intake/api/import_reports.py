"""What an import answers: its report (problems, new ids) and the state of an import job."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel

from intake.import_jobs import Status
from intake.imports import Plan, imported_ids


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


class ImportJobOut(BaseModel):
    """An import running beside the request (``Prefer: respond-async``), or its outcome.

    ``checking`` then ``writing`` while it runs; ``done`` (see ``report.imported``),
    ``refused`` (problems: nothing was imported), ``failed`` or ``interrupted`` (nothing was
    imported: send the file again)."""

    import_id: UUID
    status: Status
    dry_run: bool
    rows_total: int | None
    rows_checked: int
    rows_written: int
    created_at: datetime
    updated_at: datetime
    report: ImportReport | None


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


class RefusedImport(Exception):
    def __init__(self, plan: Plan) -> None:
        super().__init__("the import has problems")
        self.plan = plan
