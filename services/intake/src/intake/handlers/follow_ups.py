"""Case work over time: who carries a case, and what must be checked on it by when."""

from dataclasses import replace

from intake.domain.commands import AssignCase, CompleteFollowUp, ScheduleFollowUp
from intake.handlers.commands import save_case
from intake.handlers.unit import Unit
from lgnet_events.repository import Saved


async def assign_case(unit: Unit, cmd: AssignCase, if_match: int | None = None) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    return await save_case(unit, loaded, loaded.state.assign(cmd))


async def schedule_follow_up(
    unit: Unit, cmd: ScheduleFollowUp, if_match: int | None = None
) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    loaded.state.schedule_follow_up(replace(cmd, note=None))  # refuse before sealing
    person = loaded.state.beneficiary_id
    sealed = None if person is None else await unit.seal(person, cmd.note)
    return await save_case(unit, loaded, loaded.state.schedule_follow_up(replace(cmd, note=sealed)))


async def complete_follow_up(
    unit: Unit, cmd: CompleteFollowUp, if_match: int | None = None
) -> Saved:
    loaded = await unit.case(cmd.case_id, if_match)
    return await save_case(unit, loaded, loaded.state.complete_follow_up(cmd))
