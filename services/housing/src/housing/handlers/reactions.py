"""Intake's events -> housing: the beneficiary directory, and requests from referrals."""

import logging
from collections.abc import Callable
from uuid import UUID, uuid5

from sqlalchemy.ext.asyncio import AsyncConnection

from housing.domain.commands import ReceiveRequest
from housing.handlers.work import Caller, Work
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import ReferralIssued
from lgnet_events.consumer import Handler, Handlers
from lgnet_events.envelope import Envelope
from lgnet_service.directory import DIRECTORY_REACTIONS

log = logging.getLogger(__name__)

WorkFactory = Callable[[AsyncConnection, Caller], Work]
#: Request ids derive from referral ids, so a referral delivered twice opens one request.
REQUESTS = UUID("0196f0c2-6a55-7c41-9a3e-5b8c1d2e4f60")


def request_id_of(referral_id: UUID) -> UUID:
    return uuid5(REQUESTS, str(referral_id))


def open_housing_request(works: WorkFactory) -> Handler:
    """``ReferralIssued(target=housing)`` opens a request; other targets are not ours."""

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        if not isinstance(event, ReferralIssued) or event.target != "housing":
            return
        caller = Caller(
            actor=envelope.actor,
            municipalities=frozenset({envelope.municipality}),
            correlation_id=envelope.correlation_id,
            causation_id=envelope.event_id,
            traceparent=envelope.traceparent,
        )
        work = works(conn, caller)
        request_id = request_id_of(event.referral_id)
        cmd = ReceiveRequest(
            request_id, event.referral_id, event.case_id, event.beneficiary_id, event.urgency
        )
        loaded = await work.repos.requests.load(conn, request_id)
        new_events = loaded.state.receive(cmd)
        context = caller.context(envelope.municipality)
        await work.repos.requests.save(conn, loaded, new_events, context)

    return handle


def reactions(works: WorkFactory) -> Handlers:
    handlers: dict[str, list[Handler]] = {k: list(v) for k, v in DIRECTORY_REACTIONS.items()}
    handlers["intake.ReferralIssued"] = [open_housing_request(works)]
    return handlers
