"""Running an import job beside the request: the same all-or-nothing import, observable."""

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from intake import import_jobs
from intake.api.import_reports import RefusedImport, report
from intake.bootstrap import Intake
from intake.handlers.imports import plan_import, run_import
from intake.handlers.unit import Caller
from intake.import_jobs import NewJob
from intake.imports import Plan

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportRun:
    engine: AsyncEngine
    intake: Intake
    caller: Caller
    job: NewJob
    text: str

    async def progress(self, phase: str, done: int, total: int) -> None:
        counted = {"rows_checked": done, "rows_total": total}
        if phase == "writing":
            counted = {"rows_written": done}
        await import_jobs.record(
            self.engine, self.job.import_id, self.intake.clock(), status=phase, **counted
        )

    async def __call__(self) -> None:
        if not await import_jobs.claim(self.engine, self.job.import_id, self.intake.clock()):
            return  # an idempotent replay of a job that already ran
        try:
            plan, status = await self._import(), "done"
        except RefusedImport as refused:
            plan, status = refused.plan, "refused"
        except Exception:
            log.exception("import %s failed", self.job.import_id)
            await import_jobs.record(
                self.engine, self.job.import_id, self.intake.clock(), status="failed"
            )
            return
        imported = status == "done" and not self.job.dry_run
        out = report(plan, self.job.dry_run, imported).model_dump(mode="json")
        await import_jobs.record(
            self.engine, self.job.import_id, self.intake.clock(), status=status, report=out
        )

    async def _import(self) -> Plan:
        max_rows = self.intake.settings.import_max_rows
        if self.job.dry_run:
            async with self.engine.connect() as conn:
                unit = self.intake.unit(conn, self.caller)
                return await plan_import(unit, self.text, max_rows, self.progress)
        async with self.engine.begin() as conn:
            unit = self.intake.unit(conn, self.caller)
            plan = await plan_import(unit, self.text, max_rows, self.progress)
            if plan.problems:
                raise RefusedImport(plan)
            await run_import(unit, plan, self.progress)
        return plan


def start(run: ImportRun, running: set[asyncio.Task[None]]) -> None:
    """Run the job in this process; *running* holds the task until it ends."""
    task = asyncio.create_task(run(), name=f"import-{run.job.import_id}")
    running.add(task)
    task.add_done_callback(running.discard)
