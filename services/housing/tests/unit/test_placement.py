from datetime import date

import pytest

from housing.domain import errors
from housing.domain.commands import EndPlacement, StartPlacement
from housing.domain.placement import Placement, replay
from housing.domain.unit import HousingUnit
from lgnet_events.catalog.housing import PlacementEnded, PlacementStarted
from lgnet_events.ids import uuid7

PLACEMENT_ID, PERSON, UNIT_ID = uuid7(), uuid7(), uuid7()
UNIT = HousingUnit(UNIT_ID, registered=True, beds=2)
START = StartPlacement(PLACEMENT_ID, PERSON, UNIT_ID, date(2026, 5, 4))
STARTED = PlacementStarted(
    placement_id=PLACEMENT_ID, beneficiary_id=PERSON, unit_id=UNIT_ID, start_date=date(2026, 5, 4)
)


def test_a_placement_starts_when_a_bed_is_free() -> None:
    assert Placement(PLACEMENT_ID).start(START, UNIT, occupied=1, person_placed=False) == [STARTED]


def test_a_placement_in_a_full_unit_is_rejected() -> None:
    with pytest.raises(errors.NoFreeBed):
        Placement(PLACEMENT_ID).start(START, UNIT, occupied=2, person_placed=False)


def test_a_person_with_an_open_placement_is_not_placed_again() -> None:
    with pytest.raises(errors.AlreadyPlaced):
        Placement(PLACEMENT_ID).start(START, UNIT, occupied=0, person_placed=True)


def test_a_placement_in_a_unit_under_refurbishment_is_rejected() -> None:
    closed = HousingUnit(UNIT_ID, registered=True, beds=2, under_refurbishment=True)
    with pytest.raises(errors.UnderRefurbishment):
        Placement(PLACEMENT_ID).start(START, closed, occupied=0, person_placed=False)


def test_ending_a_placement_records_its_outcome() -> None:
    cmd = EndPlacement(PLACEMENT_ID, date(2026, 11, 30), "autonomous_housing")
    assert replay(PLACEMENT_ID, [STARTED]).end(cmd) == [
        PlacementEnded(
            placement_id=PLACEMENT_ID,
            beneficiary_id=PERSON,
            unit_id=UNIT_ID,
            end_date=date(2026, 11, 30),
            outcome="autonomous_housing",
        )
    ]


def test_ending_before_the_start_is_invalid() -> None:
    with pytest.raises(errors.Invalid):
        replay(PLACEMENT_ID, [STARTED]).end(EndPlacement(PLACEMENT_ID, date(2026, 5, 3), "left"))


def test_ending_an_ended_placement_is_rejected() -> None:
    ended = replay(PLACEMENT_ID, [STARTED]).end(
        EndPlacement(PLACEMENT_ID, date(2026, 6, 1), "left")
    )
    with pytest.raises(errors.AlreadyEnded):
        replay(PLACEMENT_ID, [STARTED, *ended]).end(
            EndPlacement(PLACEMENT_ID, date(2026, 7, 1), "other")
        )


def test_ending_a_placement_that_never_started_is_missing() -> None:
    with pytest.raises(errors.Missing):
        Placement(PLACEMENT_ID).end(EndPlacement(PLACEMENT_ID, date(2026, 6, 1), "left"))
