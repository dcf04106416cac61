"""The case plan and closure readiness of a case-view row, as response bodies."""

from typing import Any, Protocol

from sqlalchemy.engine import RowMapping

from intake.api.schemas import ClosureReadiness, GoalOut, PlanOut, PlanVersionOut, ProgressOut
from intake.domain.plan import SETTLED, closure_blockers


class TextOpener(Protocol):
    async def text(self, sealed: str | None) -> str | None: ...


async def plan_out(plan: dict[str, Any] | None, opener: TextOpener) -> PlanOut | None:
    if not plan or not plan["versions"]:
        return None
    latest = plan["versions"][-1]
    goals = [await _goal(goal, plan["progress"], opener) for goal in latest["goals"]]
    versions = [PlanVersionOut.model_validate(v) for v in plan["versions"]]
    return PlanOut(
        version=plan["version"],
        approved_version=plan["approved_version"],
        goals=goals,
        versions=versions,
    )


async def _goal(goal: dict[str, Any], progress: dict[str, Any], opener: TextOpener) -> GoalOut:
    steps = [
        ProgressOut(**{**step, "note": await opener.text(step["note"])})
        for step in progress.get(goal["goal_id"], [])
    ]
    description = await opener.text(goal.get("description"))
    status = steps[-1].status if steps else None
    return GoalOut(**{**goal, "description": description, "status": status, "progress": steps})


def closure_readiness(row: RowMapping) -> ClosureReadiness:
    plan = row["plan"] or {"version": 0, "approved_version": None, "versions": [], "progress": {}}
    approved = plan["approved_version"]
    blockers = closure_blockers(
        plan_approved=approved is not None,
        draft_waiting=approved is not None and approved != plan["version"],
        open_goals=_open_goals(plan),
        pending_referrals=sum(1 for r in row["referrals"] if r["outcome"] is None),
        open_follow_ups=sum(1 for f in row["follow_ups"] if f["done_on"] is None),
    )
    return ClosureReadiness(ready=not blockers, blockers=blockers)


def _open_goals(plan: dict[str, Any]) -> int:
    approved = plan["approved_version"]
    if approved is None:
        return 0
    goals = plan["versions"][approved - 1]["goals"]
    latest = {g: steps[-1]["status"] for g, steps in plan["progress"].items() if steps}
    return sum(1 for goal in goals if latest.get(goal["goal_id"]) not in SETTLED)
