"""Events of housing and civic -> the outcome of intake's referral, on the case."""

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection

from intake.domain.commands import RecordReferralOutcome
from intake.domain.errors import DomainError
from intake.handlers import commands
from intake.handlers.unit import Caller, Unit
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import CivicCandidateAccepted, CivicCandidateDeclined
from lgnet_events.catalog.housing import HousingRequestAccepted, HousingRequestDeclined
from lgnet_events.consumer import Handler, Handlers
from lgnet_events.envelope import Envelope

log = logging.getLogger(__name__)

UnitFactory = Callable[[AsyncConnection, Caller], Unit]
Answer = (
    HousingRequestAccepted
    | HousingRequestDeclined
    | CivicCandidateAccepted
    | CivicCandidateDeclined
)
ACCEPTED = (HousingRequestAccepted, CivicCandidateAccepted)


def outcome_of(event: Answer, target: str) -> RecordReferralOutcome:
    return RecordReferralOutcome(
        case_id=event.case_id,
        referral_id=event.referral_id,
        outcome="accepted" if isinstance(event, ACCEPTED) else "declined",
        reason=getattr(event, "reason", None),
        target=target,
    )


def record_referral_outcome(units: UnitFactory) -> Handler:
    """The handler, bound to intake's units; runs in the consumer's inbox transaction."""

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        if not isinstance(event, Answer):
            return
        # Untrusted input: it may only touch a case of the municipality it comes from.
        caller = Caller(
            actor=envelope.actor,
            municipalities=frozenset({envelope.municipality}),
            correlation_id=envelope.correlation_id,
            causation_id=envelope.event_id,
            traceparent=envelope.traceparent,
        )
        try:
            await commands.record_referral_outcome(
                units(conn, caller), outcome_of(event, envelope.service)
            )
        except DomainError as refused:
            log.warning(
                "ignoring %s %s for case %s: %s",
                envelope.event_type,
                envelope.event_id,
                event.case_id,
                refused.detail,
            )

    return handle


def reactions(units: UnitFactory) -> Handlers:
    handle: Callable[[AsyncConnection, Envelope, DomainEvent], Awaitable[None]]
    handle = record_referral_outcome(units)
    return {
        "housing.HousingRequestAccepted": [handle],
        "housing.HousingRequestDeclined": [handle],
        "civic.CivicCandidateAccepted": [handle],
        "civic.CivicCandidateDeclined": [handle],
    }
