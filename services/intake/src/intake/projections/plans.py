"""The case plan in the case view: every version, who drafted and approved it, progress."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.projections.case_table import case_view, change
from lgnet_events.catalog.intake import CasePlanApproved, CasePlanDrafted, GoalProgressRecorded
from lgnet_events.envelope import Envelope

PlanEvent = CasePlanDrafted | CasePlanApproved | GoalProgressRecorded
EMPTY_PLAN: dict[str, Any] = {
    "version": 0,
    "approved_version": None,
    "versions": [],
    "progress": {},
}


async def apply(conn: AsyncConnection, envelope: Envelope, event: PlanEvent) -> None:
    query = select(case_view.c.plan).where(case_view.c.case_id == envelope.stream_id)
    plan = (await conn.execute(query.with_for_update())).scalar_one() or EMPTY_PLAN
    await change(conn, envelope, plan=_evolve(plan, envelope, event))


def _evolve(plan: dict[str, Any], envelope: Envelope, event: PlanEvent) -> dict[str, Any]:
    at, by = envelope.occurred_at.isoformat(), envelope.actor
    if isinstance(event, CasePlanDrafted):
        version = {
            "plan_version": event.plan_version,
            "goals": [goal.model_dump(mode="json") for goal in event.goals],
            "drafted_at": at,
            "drafted_by": by,
            "approved_at": None,
            "approved_by": None,
        }
        return {**plan, "version": event.plan_version, "versions": [*plan["versions"], version]}
    if isinstance(event, CasePlanApproved):
        versions = [
            {**v, "approved_at": at, "approved_by": by}
            if v["plan_version"] == event.plan_version
            else v
            for v in plan["versions"]
        ]
        return {**plan, "approved_version": event.plan_version, "versions": versions}
    step = {
        "status": event.status,
        "recorded_on": event.recorded_on.isoformat(),
        "note": event.note,
        "at": at,
        "by": by,
    }
    goal = str(event.goal_id)
    progress = {**plan["progress"], goal: [*plan["progress"].get(goal, []), step]}
    return {**plan, "progress": progress}
