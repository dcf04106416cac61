"""A housing request: intake's referral of one person, accepted or declined here."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal
from uuid import UUID

from housing.domain import errors
from housing.domain.commands import CloseForWithdrawnConsent, DecideRequest, ReceiveRequest
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.housing import (
    HousingRequestAccepted,
    HousingRequestDeclined,
    HousingRequestReceived,
)

Status = Literal["new", "pending", "accepted", "declined"]
#: The reason a request closed because the person withdrew consent (intake shows it as is).
CONSENT_WITHDRAWN = "consent_withdrawn"


@dataclass(frozen=True, slots=True)
class HousingRequest:
    request_id: UUID
    status: Status = "new"
    referral_id: UUID | None = None
    case_id: UUID | None = None
    beneficiary_id: UUID | None = None

    def receive(self, cmd: ReceiveRequest) -> list[DomainEvent]:
        """Idempotent: the same referral delivered twice opens one request."""
        if self.status != "new":
            return []
        received = HousingRequestReceived(
            request_id=self.request_id,
            referral_id=cmd.referral_id,
            case_id=cmd.case_id,
            beneficiary_id=cmd.beneficiary_id,
            urgency=cmd.urgency,
        )
        if not cmd.consent_withdrawn:
            return [received]
        closed = evolve(self, received).close_for_withdrawn_consent(
            CloseForWithdrawnConsent(self.request_id)
        )
        return [received, *closed]

    def close_for_withdrawn_consent(self, cmd: CloseForWithdrawnConsent) -> list[DomainEvent]:
        """Declines a pending request with reason ``consent_withdrawn``; else nothing.

        An accepted request stays accepted (intake already recorded that answer): no
        placement can start from it while the consent stands withdrawn. Placements that
        already started are never ended by a withdrawal.
        """
        if self.status != "pending":
            return []
        return self.decide(DecideRequest(cmd.request_id, accept=False, reason=CONSENT_WITHDRAWN))

    def decide(self, cmd: DecideRequest) -> list[DomainEvent]:
        referral_id, case_id, beneficiary_id = self.referral_id, self.case_id, self.beneficiary_id
        if referral_id is None or case_id is None or beneficiary_id is None:
            raise errors.Missing(f"no request {self.request_id}")
        if self.status != "pending":
            raise errors.AlreadyDecided(f"the request was already {self.status}")
        if cmd.accept:
            return [
                HousingRequestAccepted(
                    request_id=self.request_id,
                    referral_id=referral_id,
                    case_id=case_id,
                    beneficiary_id=beneficiary_id,
                )
            ]
        return [
            HousingRequestDeclined(
                request_id=self.request_id,
                referral_id=referral_id,
                case_id=case_id,
                beneficiary_id=beneficiary_id,
                reason=cmd.reason or "not_specified",
            )
        ]


def evolve(state: HousingRequest, event: DomainEvent) -> HousingRequest:
    if isinstance(event, HousingRequestReceived):
        return replace(
            state,
            status="pending",
            referral_id=event.referral_id,
            case_id=event.case_id,
            beneficiary_id=event.beneficiary_id,
        )
    if isinstance(event, HousingRequestAccepted):
        return replace(state, status="accepted")
    if isinstance(event, HousingRequestDeclined):
        return replace(state, status="declined")
    return state


def replay(request_id: UUID, history: Iterable[DomainEvent]) -> HousingRequest:
    state = HousingRequest(request_id)
    for event in history:
        state = evolve(state, event)
    return state
