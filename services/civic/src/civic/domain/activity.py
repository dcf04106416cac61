"""The community activity: a workshop, meeting or event held within its capacity."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from civic.domain.commands import HoldCommunityActivity
from civic.domain.dates import require_not_future
from civic.domain.errors import AlreadyExists, Invalid
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import CommunityActivityHeld


@dataclass(frozen=True, slots=True)
class CommunityActivity:
    activity_id: UUID
    held: bool = False

    def hold(self, cmd: HoldCommunityActivity, today: date) -> list[DomainEvent]:
        if self.held:
            raise AlreadyExists(f"activity {self.activity_id} was already recorded")
        require_not_future(cmd.date, today, "body.date")
        if len(set(cmd.beneficiary_ids)) != len(cmd.beneficiary_ids):
            raise Invalid("body.beneficiary_ids", "a beneficiary is listed more than once")
        participants = len(cmd.beneficiary_ids) + cmd.resident_participants
        if participants > cmd.capacity:
            raise Invalid(
                "body.capacity",
                f"{participants} participants exceed the capacity of {cmd.capacity}",
            )
        return [
            CommunityActivityHeld(
                activity_id=self.activity_id,
                kind=cmd.kind,
                title=cmd.title,
                date=cmd.date,
                capacity=cmd.capacity,
                beneficiary_ids=list(cmd.beneficiary_ids),
                resident_participants=cmd.resident_participants,
                participants=participants,
            )
        ]


def replay(activity_id: UUID, history: Iterable[DomainEvent]) -> CommunityActivity:
    held = any(isinstance(event, CommunityActivityHeld) for event in history)
    return CommunityActivity(activity_id, held)
