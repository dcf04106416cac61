"""One async function per command: load -> decide -> append, all in the unit's transaction."""

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from civic import places
from civic.domain.candidate import Candidate
from civic.domain.commands import (
    AcceptCandidate,
    CompleteIndividualProject,
    CreateProject,
    DeclineCandidate,
    HoldCommunityActivity,
    LogHours,
    StartIndividualProject,
    WithdrawIndividualProject,
)
from civic.domain.errors import Invalid, PersonalDataErased
from civic.domain.individual_project import IndividualProject
from civic.handlers.errors import OutsideScope
from civic.handlers.reactions import CIVIC_PURPOSE
from civic.handlers.unit import Unit
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.repository import Loaded, Saved
from lgnet_service.directory import (
    erased_at,
    require_consent_in_force,
    require_known_beneficiary,
)
from lgnet_service.errors import FieldError, ProblemError


@dataclass(frozen=True, slots=True)
class Enrol:
    """A start as asked: for an accepted candidate, or for a person intake registered."""

    individual_project_id: UUID
    project_id: UUID
    tutor: str
    start_date: date
    candidate_id: UUID | None = None
    beneficiary_id: UUID | None = None
    planned_hours: int | None = None


async def create_project(unit: Unit, cmd: CreateProject, municipality: str) -> Saved:
    _require_scope(unit, municipality)
    loaded = await unit.repos.projects.load(unit.conn, cmd.project_id)
    new_events = loaded.state.create(cmd)
    return await unit.repos.projects.save(
        unit.conn, loaded, new_events, unit.caller.context(municipality)
    )


async def accept_candidate(unit: Unit, cmd: AcceptCandidate, if_match: int | None = None) -> Saved:
    loaded = await unit.candidate(cmd.candidate_id, if_match)
    referral = loaded.state.referral
    erased = referral is not None and await erased_at(unit.conn, referral.beneficiary_id)
    if referral is not None:
        await _require_consent(unit, referral.beneficiary_id, "body.candidate_id")
    return await _save_candidate(unit, loaded, loaded.state.accept(cmd, erased=bool(erased)))


async def decline_candidate(
    unit: Unit, cmd: DeclineCandidate, if_match: int | None = None
) -> Saved:
    loaded = await unit.candidate(cmd.candidate_id, if_match)
    return await _save_candidate(unit, loaded, loaded.state.decline(cmd))


async def start_individual_project(unit: Unit, enrol: Enrol) -> Saved:
    """Places are counted under the project's row lock: the last one goes to one start only."""
    place = await places.lock_project(unit.conn, enrol.project_id)
    if place is None or not unit.caller.sees(place.municipality):
        raise Invalid("body.project_id", "unknown project")
    beneficiary_id = await _person_to_enrol(unit, enrol, place.municipality)
    field = "body.beneficiary_id" if enrol.candidate_id is None else "body.candidate_id"
    await _require_consent(unit, beneficiary_id, field)
    opening = await places.opening(unit.conn, place, beneficiary_id, enrol.candidate_id)
    cmd = StartIndividualProject(
        individual_project_id=enrol.individual_project_id,
        project_id=enrol.project_id,
        beneficiary_id=beneficiary_id,
        tutor=enrol.tutor,
        planned_hours=enrol.planned_hours or place.planned_hours,
        start_date=enrol.start_date,
        candidate_id=enrol.candidate_id,
    )
    repo = unit.repos.individual_projects
    loaded = await repo.load(unit.conn, cmd.individual_project_id)
    new_events = loaded.state.start(cmd, opening, unit.today)
    return await repo.save(unit.conn, loaded, new_events, unit.caller.context(place.municipality))


async def log_hours(unit: Unit, cmd: LogHours, if_match: int | None = None) -> Saved:
    loaded = await unit.individual_project(cmd.individual_project_id, if_match)
    return await _save_individual(unit, loaded.state.log_hours(cmd, unit.today), loaded)


async def complete_individual_project(
    unit: Unit, cmd: CompleteIndividualProject, if_match: int | None = None
) -> Saved:
    loaded = await unit.individual_project(cmd.individual_project_id, if_match)
    return await _save_individual(unit, loaded.state.complete(cmd, unit.today), loaded)


async def withdraw_individual_project(
    unit: Unit, cmd: WithdrawIndividualProject, if_match: int | None = None
) -> Saved:
    loaded = await unit.individual_project(cmd.individual_project_id, if_match)
    return await _save_individual(unit, loaded.state.withdraw(cmd, unit.today), loaded)


async def hold_community_activity(
    unit: Unit, cmd: HoldCommunityActivity, municipality: str
) -> Saved:
    _require_scope(unit, municipality)
    for index, beneficiary_id in enumerate(cmd.beneficiary_ids):
        await _require_participant(unit, beneficiary_id, municipality, index)
    loaded = await unit.repos.activities.load(unit.conn, cmd.activity_id)
    new_events = loaded.state.hold(cmd, unit.today)
    return await unit.repos.activities.save(
        unit.conn, loaded, new_events, unit.caller.context(municipality)
    )


async def _person_to_enrol(unit: Unit, enrol: Enrol, municipality: str) -> UUID:
    if enrol.candidate_id is None:
        if enrol.beneficiary_id is None:
            raise Invalid("body.beneficiary_id", "give a candidate_id or a beneficiary_id")
        await require_known_beneficiary(unit.conn, enrol.beneficiary_id, municipality)
        return enrol.beneficiary_id
    await places.lock_candidate(unit.conn, enrol.candidate_id)
    loaded = await unit.repos.candidates.load(unit.conn, enrol.candidate_id)
    if loaded.version == 0 or loaded.municipality != municipality:
        raise Invalid("body.candidate_id", "no such candidate in the project's municipality")
    beneficiary_id = loaded.state.require_startable()
    if await erased_at(unit.conn, beneficiary_id) is not None:
        raise PersonalDataErased("the personal data of this candidate has been erased")
    return beneficiary_id


async def _require_participant(
    unit: Unit, beneficiary_id: UUID, municipality: str, index: int
) -> None:
    try:
        await require_known_beneficiary(unit.conn, beneficiary_id, municipality)
    except ProblemError as refused:
        reason = refused.errors[0].reason if refused.errors else refused.detail
        raise replace(
            refused, errors=[FieldError(f"body.beneficiary_ids.{index}", reason)]
        ) from None


async def _require_consent(unit: Unit, beneficiary_id: UUID, field: str) -> None:
    """No new civic work while consent for civic is withdrawn or expired (409)."""
    await require_consent_in_force(unit.conn, beneficiary_id, CIVIC_PURPOSE, unit.today, field)


def _require_scope(unit: Unit, municipality: str) -> None:
    if not unit.caller.sees(municipality):
        raise OutsideScope(f"you do not work in {municipality}")


async def _save_candidate(
    unit: Unit, loaded: Loaded[Candidate], new_events: list[DomainEvent]
) -> Saved:
    context = unit.caller.context(str(loaded.municipality))
    return await unit.repos.candidates.save(unit.conn, loaded, new_events, context)


async def _save_individual(
    unit: Unit, new_events: list[DomainEvent], loaded: Loaded[IndividualProject]
) -> Saved:
    context = unit.caller.context(str(loaded.municipality))
    return await unit.repos.individual_projects.save(unit.conn, loaded, new_events, context)
