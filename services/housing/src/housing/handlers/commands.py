"""One async function per command: load -> decide -> append, all in the work's transaction.

Capacity: every command that changes a unit's occupancy or status locks the unit's row in
``housing_units`` first (``SELECT … FOR UPDATE``), then reads the occupancy and decides. Two
placements racing for the last bed are therefore decided one after the other: the second
sees the first's committed placement and is refused (409). The partial unique index on open
placements per person backs "one open placement per person" the same way.
"""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.exc import IntegrityError

from housing import views
from housing.domain import errors
from housing.domain.commands import (
    CompleteRefurbishment,
    DecideRequest,
    EndMeasure,
    EndPlacement,
    GrantMeasure,
    RegisterUnit,
    StartPlacement,
    StartRefurbishment,
)
from housing.handlers.errors import OutsideScope
from housing.handlers.reactions import HOUSING_PURPOSE
from housing.handlers.work import Work
from housing.projections.placements import ONE_OPEN_PER_PERSON
from housing.projections.requests import housing_requests
from lgnet_events.repository import Saved
from lgnet_service.directory import require_consent_in_force, require_known_beneficiary
from lgnet_service.errors import FieldError, ProblemError, unprocessable


async def register_unit(work: Work, cmd: RegisterUnit, municipality: str) -> Saved:
    if not work.caller.sees(municipality):
        raise OutsideScope(f"you do not work in {municipality}")
    loaded = await work.repos.units.load(work.conn, cmd.unit_id)
    context = work.caller.context(municipality)
    return await work.repos.units.save(work.conn, loaded, loaded.state.register(cmd), context)


async def start_refurbishment(
    work: Work, cmd: StartRefurbishment, if_match: int | None = None
) -> Saved:
    occupied = await _lock_unit(work, cmd.unit_id)
    loaded = await work.unit(cmd.unit_id, if_match)
    new_events = loaded.state.start_refurbishment(cmd, occupied)
    context = work.caller.context(loaded.municipality)
    return await work.repos.units.save(work.conn, loaded, new_events, context)


async def complete_refurbishment(
    work: Work, cmd: CompleteRefurbishment, if_match: int | None = None
) -> Saved:
    await _lock_unit(work, cmd.unit_id)
    loaded = await work.unit(cmd.unit_id, if_match)
    new_events = loaded.state.complete_refurbishment(cmd)
    context = work.caller.context(loaded.municipality)
    return await work.repos.units.save(work.conn, loaded, new_events, context)


async def decide_request(work: Work, cmd: DecideRequest, if_match: int | None = None) -> Saved:
    loaded = await work.request(cmd.request_id, if_match)
    beneficiary_id = loaded.state.beneficiary_id
    if cmd.accept and beneficiary_id is not None:
        await _require_consent(work, beneficiary_id, "request_id")
    context = work.caller.context(loaded.municipality)
    return await work.repos.requests.save(work.conn, loaded, loaded.state.decide(cmd), context)


async def start_placement(work: Work, cmd: StartPlacement) -> Saved:
    unit_row = await views.lock_unit(work.conn, cmd.unit_id)
    if unit_row is None or not work.caller.sees(unit_row.municipality):
        raise _refused("body.unit_id", "unknown housing unit")
    municipality = str(unit_row.municipality)
    await _require_beneficiary_of(work, cmd.beneficiary_id, municipality)
    await _require_consent(work, cmd.beneficiary_id)
    if cmd.request_id is not None:
        await _require_accepted_request(work, cmd.request_id, cmd.beneficiary_id)
    unit = await work.repos.units.load(work.conn, cmd.unit_id)
    placed = await views.has_open_placement(work.conn, cmd.beneficiary_id)
    loaded = await work.repos.placements.load(work.conn, cmd.placement_id)
    new_events = loaded.state.start(cmd, unit.state, int(unit_row.occupied), placed)
    context = work.caller.context(municipality)
    try:
        return await work.repos.placements.save(work.conn, loaded, new_events, context)
    except IntegrityError as error:
        if ONE_OPEN_PER_PERSON in str(error):
            raise errors.AlreadyPlaced("this person already has an open placement") from None
        raise


async def end_placement(work: Work, cmd: EndPlacement, if_match: int | None = None) -> Saved:
    loaded = await work.placement(cmd.placement_id, if_match)
    context = work.caller.context(loaded.municipality)
    return await work.repos.placements.save(work.conn, loaded, loaded.state.end(cmd), context)


async def grant_measure(work: Work, cmd: GrantMeasure) -> Saved:
    municipality = await require_known_beneficiary(
        work.conn, cmd.beneficiary_id, work.caller.municipalities
    )
    await _require_consent(work, cmd.beneficiary_id)
    loaded = await work.repos.measures.load(work.conn, cmd.measure_id)
    context = work.caller.context(municipality)
    return await work.repos.measures.save(work.conn, loaded, loaded.state.grant(cmd), context)


async def end_measure(work: Work, cmd: EndMeasure, if_match: int | None = None) -> Saved:
    loaded = await work.measure(cmd.measure_id, if_match)
    context = work.caller.context(loaded.municipality)
    return await work.repos.measures.save(work.conn, loaded, loaded.state.end(cmd), context)


async def _lock_unit(work: Work, unit_id: UUID) -> int:
    """Lock the unit's row; its open placements now. A unit not visible is missing."""
    row = await views.lock_unit(work.conn, unit_id)
    if row is None or not work.caller.sees(row.municipality):
        raise errors.Missing("no such unit")
    return int(row.occupied)


async def _require_beneficiary_of(work: Work, beneficiary_id: UUID, municipality: str) -> None:
    found = await require_known_beneficiary(work.conn, beneficiary_id, work.caller.municipalities)
    if found != municipality:
        # Both municipalities are the caller's: saying so leaks nothing.
        raise _refused("body.beneficiary_id", f"the beneficiary is registered in {found}")


async def _require_consent(work: Work, beneficiary_id: UUID, field: str = "beneficiary_id") -> None:
    """No new housing work while consent for housing is withdrawn or expired (409)."""
    today = datetime.now(UTC).date()
    await require_consent_in_force(
        work.conn, beneficiary_id, HOUSING_PURPOSE, today, f"body.{field}"
    )


async def _require_accepted_request(work: Work, request_id: UUID, beneficiary_id: UUID) -> None:
    row: Any = await views.one(work.conn, housing_requests, request_id)
    if row is None or not work.caller.sees(row["municipality"]):
        raise _refused("body.request_id", "unknown housing request")
    if row["beneficiary_id"] != beneficiary_id:
        raise _refused("body.request_id", "the request is for another beneficiary")
    if row["status"] != "accepted":
        raise _refused("body.request_id", f"the request is {row['status']}, not accepted")


def _refused(field: str, reason: str) -> ProblemError:
    return unprocessable(reason, [FieldError(field, reason)])
