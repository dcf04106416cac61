from datetime import date

import pytest

from housing.domain import errors
from housing.domain.commands import CompleteRefurbishment, RegisterUnit, StartRefurbishment
from housing.domain.unit import HousingUnit, replay
from lgnet_events.catalog.housing import (
    HousingUnitRegistered,
    UnitRefurbishmentCompleted,
    UnitRefurbishmentStarted,
)
from lgnet_events.ids import uuid7

UNIT_ID = uuid7()
REGISTERED = HousingUnitRegistered(
    unit_id=UNIT_ID, kind="apartment", beds=3, name="Via Libia 12", address="Bologna"
)
STARTED = UnitRefurbishmentStarted(unit_id=UNIT_ID, date=date(2026, 5, 1))


def test_registering_a_new_unit_records_its_beds() -> None:
    cmd = RegisterUnit(UNIT_ID, "apartment", 3, "Via Libia 12", "Bologna")
    assert HousingUnit(UNIT_ID).register(cmd) == [REGISTERED]


def test_registering_a_unit_twice_is_rejected() -> None:
    cmd = RegisterUnit(UNIT_ID, "shelter", 9, "Dormitorio", "Bologna")
    with pytest.raises(errors.AlreadyExists):
        replay(UNIT_ID, [REGISTERED]).register(cmd)


def test_an_empty_unit_starts_its_refurbishment() -> None:
    unit = replay(UNIT_ID, [REGISTERED])
    assert unit.start_refurbishment(StartRefurbishment(UNIT_ID, date(2026, 5, 1)), 0) == [STARTED]


def test_an_occupied_unit_cannot_start_a_refurbishment() -> None:
    with pytest.raises(errors.UnitOccupied):
        replay(UNIT_ID, [REGISTERED]).start_refurbishment(
            StartRefurbishment(UNIT_ID, date(2026, 5, 1)), 1
        )


def test_a_refurbishment_cannot_be_expected_to_end_before_it_starts() -> None:
    cmd = StartRefurbishment(UNIT_ID, date(2026, 5, 1), expected_end=date(2026, 4, 1))
    with pytest.raises(errors.Invalid) as refused:
        replay(UNIT_ID, [REGISTERED]).start_refurbishment(cmd, 0)
    assert refused.value.field == "body.expected_end"


def test_a_unit_under_refurbishment_takes_no_placement_and_has_no_free_bed() -> None:
    unit = replay(UNIT_ID, [REGISTERED, STARTED])
    assert unit.free_beds(0) == 0
    with pytest.raises(errors.UnderRefurbishment):
        unit.admit(0)


def test_completing_keeps_the_beds_unless_new_ones_are_given() -> None:
    unit = replay(UNIT_ID, [REGISTERED, STARTED])
    [kept] = unit.complete_refurbishment(CompleteRefurbishment(UNIT_ID, date(2026, 8, 1)))
    [more] = unit.complete_refurbishment(CompleteRefurbishment(UNIT_ID, date(2026, 8, 1), 5))
    assert isinstance(kept, UnitRefurbishmentCompleted)
    assert isinstance(more, UnitRefurbishmentCompleted)
    assert (kept.beds, more.beds) == (3, 5)
    assert replay(UNIT_ID, [REGISTERED, STARTED, more]).free_beds(1) == 4


def test_completing_a_unit_not_under_refurbishment_is_rejected() -> None:
    with pytest.raises(errors.NotUnderRefurbishment):
        replay(UNIT_ID, [REGISTERED]).complete_refurbishment(
            CompleteRefurbishment(UNIT_ID, date(2026, 8, 1))
        )


def test_a_full_unit_admits_nobody() -> None:
    unit = replay(UNIT_ID, [REGISTERED])
    unit.admit(2)
    with pytest.raises(errors.NoFreeBed):
        unit.admit(3)


def test_an_unregistered_unit_is_missing() -> None:
    with pytest.raises(errors.Missing):
        HousingUnit(UNIT_ID).admit(0)
