"""The case plan: drafted with sealed goal descriptions, approved, progress recorded."""

from dataclasses import replace

from intake.domain.commands import ApprovePlan, DraftPlan, RecordGoalProgress
from intake.handlers.commands import save_case
from intake.handlers.unit import Unit
from lgnet_events.repository import Saved


async def draft_plan(unit: Unit, cmd: DraftPlan, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    unsealed = tuple(replace(goal, description=None) for goal in cmd.goals)
    loaded.state.draft_plan(replace(cmd, goals=unsealed))  # refuse before sealing
    person = loaded.state.beneficiary_id
    sealed = [
        replace(g, description=None if person is None else await unit.seal(person, g.description))
        for g in cmd.goals
    ]
    return await save_case(unit, loaded, loaded.state.draft_plan(replace(cmd, goals=tuple(sealed))))


async def approve_plan(unit: Unit, cmd: ApprovePlan, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    return await save_case(unit, loaded, loaded.state.approve_plan(cmd))


async def record_goal_progress(
    unit: Unit, cmd: RecordGoalProgress, if_match: int | None = None
) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    loaded.state.record_goal_progress(replace(cmd, note=None))
    person = loaded.state.beneficiary_id
    sealed = None if person is None else await unit.seal(person, cmd.note)
    return await save_case(
        unit, loaded, loaded.state.record_goal_progress(replace(cmd, note=sealed))
    )
