"""Bulk import: check every row (scope, duplicates), then write all rows or none."""

from collections.abc import Awaitable, Callable

from intake.handlers import commands
from intake.handlers.unit import Unit
from intake.imports import Plan, PlannedRow, Problem, plan_row, read_rows

#: told (phase ``checking`` or ``writing``, rows done, rows in the file) every few rows
Progress = Callable[[str, int, int], Awaitable[None]]
#: rows between two progress reports
EVERY = 50


async def _quiet(phase: str, done: int, total: int) -> None:
    return None


async def plan_import(unit: Unit, text: str, max_rows: int, progress: Progress = _quiet) -> Plan:
    """Every row checked, nothing written: the plan holds the rows or the problems."""
    plan, seen = Plan(), dict[bytes, int]()
    try:
        rows = list(read_rows(text))
    except (ValueError, UnicodeError) as unreadable:
        plan.problems.append(Problem(1, "file", str(unreadable)))
        return plan
    if not rows or len(rows) > max_rows:
        plan.problems.append(Problem(1, "file", f"a file holds 1 to {max_rows} rows"))
        return plan
    for done, (row, cells) in enumerate(rows, start=1):
        planned = plan_row(row, cells)
        if isinstance(planned, list):
            plan.problems.extend(planned)
        else:
            await _check(unit, planned, seen, plan)
        if done % EVERY == 0 or done == len(rows):
            await progress("checking", done, len(rows))
    return plan


async def _check(unit: Unit, planned: PlannedRow, seen: dict[bytes, int], plan: Plan) -> None:
    row = planned.row
    if not unit.caller.sees(planned.municipality):
        plan.problems.append(Problem(row, "municipality", "you do not work in this municipality"))
        return
    fingerprint = unit.fingerprints.of(planned.person) + planned.municipality.encode()
    existing = await unit.fingerprints.find(unit.conn, planned.municipality, planned.person)
    if existing is not None:
        reason = f"likely the same person as beneficiary {existing}, already registered"
        plan.problems.append(Problem(row, "row", reason))
    elif fingerprint in seen:
        plan.problems.append(
            Problem(row, "row", f"likely the same person as row {seen[fingerprint]}")
        )
    else:
        seen[fingerprint] = row
        plan.rows.append(planned)


async def run_import(unit: Unit, plan: Plan, progress: Progress = _quiet) -> None:
    """Register everyone and open their cases in the unit's one transaction."""
    total = len(plan.rows)
    for done, planned in enumerate(plan.rows, start=1):
        await commands.register_beneficiary(unit, planned.register, planned.municipality)
        if planned.open_case is not None:
            await commands.open_case(unit, planned.open_case)
        if done % EVERY == 0 or done == total:
            await progress("writing", done, total)
