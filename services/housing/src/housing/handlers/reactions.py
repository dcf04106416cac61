"""Intake's events -> housing: the beneficiary directory, requests from referrals, and
requests closed when the person withdraws consent for housing."""

import logging
from collections.abc import Callable
from uuid import UUID, uuid5

from sqlalchemy.ext.asyncio import AsyncConnection

from housing import views
from housing.domain.commands import CloseForWithdrawnConsent, ReceiveRequest
from housing.handlers.work import Caller, Work
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import ConsentPurpose, ConsentWithdrawn, ReferralIssued
from lgnet_events.consumer import Handler, Handlers
from lgnet_events.envelope import Envelope
from lgnet_service.directory import DIRECTORY_REACTIONS, withdrawn_since

log = logging.getLogger(__name__)

WorkFactory = Callable[[AsyncConnection, Caller], Work]
#: Request ids derive from referral ids, so a referral delivered twice opens one request.
REQUESTS = UUID("0196f0c2-6a55-7c41-9a3e-5b8c1d2e4f60")
#: The consent housing's work rests on (intake checks the same one before referring).
HOUSING_PURPOSE: ConsentPurpose = "referral_housing"


def request_id_of(referral_id: UUID) -> UUID:
    return uuid5(REQUESTS, str(referral_id))


def caller_of(envelope: Envelope) -> Caller:
    """Untrusted input: an intake event may only touch its own municipality."""
    return Caller(
        actor=envelope.actor,
        municipalities=frozenset({envelope.municipality}),
        correlation_id=envelope.correlation_id,
        causation_id=envelope.event_id,
        traceparent=envelope.traceparent,
    )


def open_housing_request(works: WorkFactory) -> Handler:
    """``ReferralIssued(target=housing)`` opens a request; other targets are not ours."""

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        if not isinstance(event, ReferralIssued) or event.target != "housing":
            return
        caller = caller_of(envelope)
        work = works(conn, caller)
        request_id = request_id_of(event.referral_id)
        withdrawn = await withdrawn_since(
            conn, event.beneficiary_id, HOUSING_PURPOSE, envelope.occurred_at
        )
        cmd = ReceiveRequest(
            request_id,
            event.referral_id,
            event.case_id,
            event.beneficiary_id,
            event.urgency,
            consent_withdrawn=withdrawn,
        )
        loaded = await work.repos.requests.load(conn, request_id)
        new_events = loaded.state.receive(cmd)
        context = caller.context(envelope.municipality)
        await work.repos.requests.save(conn, loaded, new_events, context)

    return handle


def close_requests_on_withdrawal(works: WorkFactory) -> Handler:
    """``ConsentWithdrawn(referral_housing)`` declines the person's pending requests."""

    async def handle(conn: AsyncConnection, envelope: Envelope, event: DomainEvent) -> None:
        if not isinstance(event, ConsentWithdrawn) or event.purpose != HOUSING_PURPOSE:
            return
        caller = caller_of(envelope)
        work = works(conn, caller)
        pending = await views.pending_requests_of(conn, event.beneficiary_id, envelope.municipality)
        for request_id in pending:
            loaded = await work.repos.requests.load(conn, request_id)
            new_events = loaded.state.close_for_withdrawn_consent(
                CloseForWithdrawnConsent(request_id)
            )
            await work.repos.requests.save(
                conn, loaded, new_events, caller.context(loaded.municipality)
            )
        if pending:
            log.info("closed %d housing request(s): consent withdrawn", len(pending))

    return handle


def reactions(works: WorkFactory) -> Handlers:
    handlers: dict[str, list[Handler]] = {k: list(v) for k, v in DIRECTORY_REACTIONS.items()}
    handlers["intake.ReferralIssued"] = [open_housing_request(works)]
    # After the directory's own handler: the refusal of new work sees the withdrawal too.
    handlers["intake.ConsentWithdrawn"].append(close_requests_on_withdrawal(works))
    return handlers
