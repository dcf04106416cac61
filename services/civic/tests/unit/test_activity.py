from datetime import date, timedelta
from uuid import UUID

import pytest

from civic.domain import errors
from civic.domain.activity import CommunityActivity, replay
from civic.domain.commands import HoldCommunityActivity
from lgnet_events.catalog.civic import CommunityActivityHeld
from lgnet_events.ids import uuid7

TODAY = date(2026, 11, 25)
ACTIVITY = uuid7()
PEOPLE = (uuid7(), uuid7())


def hold(
    capacity: int = 10, residents: int = 8, people: tuple[UUID, ...] = PEOPLE, on: date = TODAY
) -> HoldCommunityActivity:
    return HoldCommunityActivity(
        ACTIVITY,
        "workshop",
        "Orto condiviso",
        on,
        capacity,
        tuple(people),
        residents,
    )


def test_an_activity_within_capacity_counts_beneficiaries_and_residents() -> None:
    [event] = CommunityActivity(ACTIVITY).hold(hold(), TODAY)
    assert isinstance(event, CommunityActivityHeld)
    assert (event.participants, event.resident_participants, event.capacity) == (10, 8, 10)
    assert event.beneficiary_ids == list(PEOPLE)


def test_participants_above_capacity_are_refused() -> None:
    with pytest.raises(errors.Invalid) as refused:
        CommunityActivity(ACTIVITY).hold(hold(residents=9), TODAY)
    assert refused.value.field == "body.capacity"


def test_a_beneficiary_listed_twice_is_refused() -> None:
    with pytest.raises(errors.Invalid):
        CommunityActivity(ACTIVITY).hold(hold(people=(PEOPLE[0], PEOPLE[0])), TODAY)


def test_an_activity_in_the_future_is_refused() -> None:
    with pytest.raises(errors.Invalid):
        CommunityActivity(ACTIVITY).hold(hold(on=TODAY + timedelta(days=1)), TODAY)


def test_an_activity_is_recorded_once() -> None:
    held = replay(ACTIVITY, CommunityActivity(ACTIVITY).hold(hold(), TODAY))
    with pytest.raises(errors.AlreadyExists):
        held.hold(hold(), TODAY)
