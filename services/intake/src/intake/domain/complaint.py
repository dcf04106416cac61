"""A complaint or feedback from a beneficiary: received, routed to coordinators, answered."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from uuid import UUID

from intake.domain import errors
from intake.domain.beneficiary import Beneficiary
from intake.domain.commands import AnswerComplaint, ReceiveComplaint
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import ComplaintAnswered, ComplaintReceived


@dataclass(frozen=True, slots=True)
class Complaint:
    complaint_id: UUID
    beneficiary_id: UUID | None = None
    answered: bool = False

    def receive(self, cmd: ReceiveComplaint, person: Beneficiary) -> list[DomainEvent]:
        if self.beneficiary_id is not None:
            raise errors.Rejected(f"complaint {self.complaint_id} already exists")
        person.require_registered()
        return [
            ComplaintReceived(
                complaint_id=self.complaint_id,
                beneficiary_id=person.beneficiary_id,
                case_id=cmd.case_id,
                kind=cmd.kind,
                category=cmd.category,
                channel=cmd.channel,
                received_on=cmd.received_on,
                text=cmd.text,
            )
        ]

    def answer(self, cmd: AnswerComplaint) -> list[DomainEvent]:
        if self.beneficiary_id is None:
            raise errors.Missing(f"no complaint {self.complaint_id}")
        if self.answered:
            raise errors.ComplaintAnswered("this complaint has been answered already")
        return [
            ComplaintAnswered(
                complaint_id=self.complaint_id,
                beneficiary_id=self.beneficiary_id,
                resolution=cmd.resolution,
                answered_on=cmd.answered_on,
                answer=cmd.answer,
            )
        ]


def evolve(state: Complaint, event: DomainEvent) -> Complaint:
    if isinstance(event, ComplaintReceived):
        return replace(state, beneficiary_id=event.beneficiary_id)
    if isinstance(event, ComplaintAnswered):
        return replace(state, answered=True)
    return state


def replay(complaint_id: UUID, history: Iterable[DomainEvent]) -> Complaint:
    state = Complaint(complaint_id)
    for event in history:
        state = evolve(state, event)
    return state
