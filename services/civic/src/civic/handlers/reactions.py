"""Intake's events -> civic: referrals open candidates; the directory follows registrations;
a withdrawal of consent for civic closes the person's candidacies awaiting an answer."""

import logging
from collections.abc import Callable
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from civic.domain.commands import CloseForWithdrawnConsent, ReceiveCandidate
from civic.handlers.unit import Caller, Unit
from civic.projections.candidates import candidate_view
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import ConsentPurpose, ConsentWithdrawn, ReferralIssued
from lgnet_events.consumer import Handler, Handlers
from lgnet_events.envelope import Envelope
from lgnet_events.ids import uuid7
from lgnet_service.directory import DIRECTORY_REACTIONS, withdrawn_since

log = logging.getLogger(__name__)

UnitFactory = Callable[[AsyncConnection, Caller], Unit]
#: The consent civic's work rests on (intake checks the same one before referring).
CIVIC_PURPOSE: ConsentPurpose = "referral_civic"


def open_candidate(units: UnitFactory) -> Handler:
    """The handler, bound to civic's units; runs in the consumer's inbox transaction."""

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        if not isinstance(event, ReferralIssued) or event.target != "civic":
            return
        if await _already_open(conn, event):
            return
        unit = units(conn, Caller.reacting_to(envelope))
        withdrawn = await withdrawn_since(
            conn, event.beneficiary_id, CIVIC_PURPOSE, envelope.occurred_at
        )
        cmd = ReceiveCandidate(
            uuid7(), event.referral_id, event.case_id, event.beneficiary_id, withdrawn
        )
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


def close_candidacies_on_withdrawal(units: UnitFactory) -> Handler:
    """``ConsentWithdrawn(referral_civic)`` declines the person's candidacies still received."""

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        if not isinstance(event, ConsentWithdrawn) or event.purpose != CIVIC_PURPOSE:
            return
        unit = units(conn, Caller.reacting_to(envelope))
        waiting = await _received_candidates_of(conn, event.beneficiary_id, envelope.municipality)
        for candidate_id in waiting:
            loaded = await unit.repos.candidates.load(conn, candidate_id)
            closing = CloseForWithdrawnConsent(candidate_id)
            new_events = loaded.state.close_for_withdrawn_consent(closing)
            context = unit.caller.context(str(loaded.municipality))
            await unit.repos.candidates.save(conn, loaded, new_events, context)
        if waiting:
            log.info("closed %d civic candidacy(ies): consent withdrawn", len(waiting))

    return handle


async def _received_candidates_of(
    conn: AsyncConnection, beneficiary_id: UUID, municipality: str
) -> list[UUID]:
    """The person's candidacies awaiting an answer, in *municipality* only (untrusted input)."""
    c = candidate_view.c
    query = select(c.candidate_id).where(
        c.beneficiary_id == beneficiary_id, c.municipality == municipality, c.status == "received"
    )
    return list((await conn.scalars(query.order_by(c.candidate_id))).all())


def reactions(units: UnitFactory) -> Handlers:
    handlers: dict[str, list[Handler]] = {k: list(v) for k, v in DIRECTORY_REACTIONS.items()}
    handlers["intake.ReferralIssued"] = [open_candidate(units)]
    # After the directory's own handler: the refusal of new work sees the withdrawal too.
    handlers["intake.ConsentWithdrawn"].append(close_candidacies_on_withdrawal(units))
    return handlers
