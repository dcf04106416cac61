from datetime import date
from decimal import Decimal

import pytest

from housing.domain import errors
from housing.domain.commands import EndMeasure, GrantMeasure
from housing.domain.measure import SupportMeasure, replay
from lgnet_events.catalog.housing import SupportMeasureEnded, SupportMeasureGranted
from lgnet_events.ids import uuid7

MEASURE_ID, PERSON = uuid7(), uuid7()
GRANT = GrantMeasure(
    MEASURE_ID, PERSON, "rent_contribution", Decimal("1800.50"), 6, date(2026, 5, 1)
)
GRANTED = SupportMeasureGranted(
    measure_id=MEASURE_ID,
    beneficiary_id=PERSON,
    kind="rent_contribution",
    amount_eur=Decimal("1800.50"),
    months=6,
    start_date=date(2026, 5, 1),
)


def test_granting_a_measure_keeps_the_decimal_amount() -> None:
    [granted] = SupportMeasure(MEASURE_ID).grant(GRANT)
    assert granted == GRANTED
    assert isinstance(granted, SupportMeasureGranted)
    assert granted.amount_eur == Decimal("1800.50")


def test_an_amount_with_fractions_of_a_cent_is_invalid() -> None:
    cmd = GrantMeasure(MEASURE_ID, PERSON, "deposit", Decimal("10.005"), 0, date(2026, 5, 1))
    with pytest.raises(errors.Invalid) as refused:
        SupportMeasure(MEASURE_ID).grant(cmd)
    assert refused.value.field == "body.amount_eur"


def test_coaching_lasts_at_least_a_month() -> None:
    cmd = GrantMeasure(MEASURE_ID, PERSON, "autonomy_coaching", Decimal("0"), 0, date(2026, 5, 1))
    with pytest.raises(errors.Invalid):
        SupportMeasure(MEASURE_ID).grant(cmd)


def test_granting_twice_is_rejected() -> None:
    with pytest.raises(errors.AlreadyExists):
        replay(MEASURE_ID, [GRANTED]).grant(GRANT)


def test_ending_a_measure_records_the_reason() -> None:
    cmd = EndMeasure(MEASURE_ID, date(2026, 10, 31), "moved_away")
    assert replay(MEASURE_ID, [GRANTED]).end(cmd) == [
        SupportMeasureEnded(
            measure_id=MEASURE_ID,
            beneficiary_id=PERSON,
            end_date=date(2026, 10, 31),
            reason="moved_away",
        )
    ]


def test_an_ended_measure_cannot_end_again() -> None:
    ended = SupportMeasureEnded(
        measure_id=MEASURE_ID, beneficiary_id=PERSON, end_date=date(2026, 10, 31)
    )
    with pytest.raises(errors.AlreadyEnded):
        replay(MEASURE_ID, [GRANTED, ended]).end(EndMeasure(MEASURE_ID, date(2026, 11, 30)))


def test_ending_before_the_start_is_invalid() -> None:
    with pytest.raises(errors.Invalid):
        replay(MEASURE_ID, [GRANTED]).end(EndMeasure(MEASURE_ID, date(2026, 4, 30)))
