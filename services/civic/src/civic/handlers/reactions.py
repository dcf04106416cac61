"""Intake's events -> civic: referrals open candidates; the directory follows registrations."""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from civic.domain.commands import ReceiveCandidate
from civic.handlers.unit import Caller, Unit
from civic.projections.candidates import candidate_view
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import ReferralIssued
from lgnet_events.consumer import Handler, Handlers
from lgnet_events.envelope import Envelope
from lgnet_events.ids import uuid7
from lgnet_service.directory import DIRECTORY_REACTIONS

UnitFactory = Callable[[AsyncConnection, Caller], Unit]


def open_candidate(units: UnitFactory) -> Handler:
    """The handler, bound to civic's units; runs in the consumer's inbox transaction."""

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        if not isinstance(event, ReferralIssued) or event.target != "civic":
            return
        if await _already_open(conn, event):
            return
        unit = units(conn, Caller.reacting_to(envelope))
        cmd = ReceiveCandidate(uuid7(), event.referral_id, event.case_id, event.beneficiary_id)
        loaded = await unit.repos.candidates.load(conn, cmd.candidate_id)
        new_events = loaded.state.receive(cmd)
        await unit.repos.candidates.save(
            conn, loaded, new_events, unit.caller.context(envelope.municipality)
        )

    return handle


async def _already_open(conn: AsyncConnection, event: ReferralIssued) -> bool:
    """The same referral under another event id (a republish) opens no second candidate."""
    query = select(candidate_view.c.candidate_id).where(
        candidate_view.c.referral_id == event.referral_id
    )
    return (await conn.execute(query)).first() is not None


def reactions(units: UnitFactory) -> Handlers:
    return {**DIRECTORY_REACTIONS, "intake.ReferralIssued": [open_candidate(units)]}
