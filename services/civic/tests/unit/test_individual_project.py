from datetime import date, timedelta
from decimal import Decimal

import pytest

from civic.domain import errors
from civic.domain.commands import (
    CompleteIndividualProject,
    LogHours,
    StartIndividualProject,
    WithdrawIndividualProject,
)
from civic.domain.individual_project import IndividualProject, Opening, replay
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.civic import (
    HoursLogged,
    IndividualProjectCompleted,
    IndividualProjectStarted,
    IndividualProjectWithdrawn,
)
from lgnet_events.ids import uuid7

TODAY = date(2026, 11, 25)
STARTED_ON = date(2026, 11, 2)
INDIVIDUAL, PROJECT, PERSON = uuid7(), uuid7(), uuid7()
ROOM = Opening(places=2, occupied=1)
IDS = {"individual_project_id": INDIVIDUAL, "beneficiary_id": PERSON, "project_id": PROJECT}


def start(on: date = STARTED_ON) -> StartIndividualProject:
    return StartIndividualProject(INDIVIDUAL, PROJECT, PERSON, "tutor_07", 80, on)


def started() -> IndividualProjectStarted:
    return IndividualProjectStarted(
        **IDS, tutor="tutor_07", planned_hours=80, start_date=STARTED_ON
    )


def logged(day: date, hours: str) -> HoursLogged:
    return HoursLogged(**IDS, date=day, hours=Decimal(hours))


def given(*history: DomainEvent) -> IndividualProject:
    return replay(INDIVIDUAL, history)


def test_starting_takes_a_free_place_of_the_project() -> None:
    assert IndividualProject(INDIVIDUAL).start(start(), ROOM, TODAY) == [started()]


def test_starting_when_every_place_is_taken_is_rejected() -> None:
    with pytest.raises(errors.ProjectFull):
        IndividualProject(INDIVIDUAL).start(start(), Opening(places=2, occupied=2), TODAY)


def test_a_person_already_active_in_the_project_cannot_start_again() -> None:
    with pytest.raises(errors.AlreadyEnrolled):
        IndividualProject(INDIVIDUAL).start(start(), Opening(2, 1, already_enrolled=True), TODAY)


def test_a_start_in_the_future_is_invalid() -> None:
    with pytest.raises(errors.Invalid) as refused:
        IndividualProject(INDIVIDUAL).start(start(TODAY + timedelta(days=1)), ROOM, TODAY)
    assert refused.value.field == "body.start_date"


def test_hours_are_logged_on_an_active_project() -> None:
    events = given(started()).log_hours(LogHours(INDIVIDUAL, TODAY, Decimal("3.5")), TODAY)
    assert events == [logged(TODAY, "3.5")]


@pytest.mark.parametrize("hours", ["0", "-2"])
def test_no_zero_or_negative_hours(hours: str) -> None:
    with pytest.raises(errors.Invalid):
        given(started()).log_hours(LogHours(INDIVIDUAL, TODAY, Decimal(hours)), TODAY)


def test_no_hours_on_a_future_date_or_before_the_start() -> None:
    project = given(started())
    for day in (TODAY + timedelta(days=1), STARTED_ON - timedelta(days=1)):
        with pytest.raises(errors.Invalid) as refused:
            project.log_hours(LogHours(INDIVIDUAL, day, Decimal(2)), TODAY)
        assert refused.value.field == "body.date"


def test_no_more_than_a_day_of_hours_on_one_date() -> None:
    project = given(started(), logged(TODAY, "20"))
    with pytest.raises(errors.DayFull):
        project.log_hours(LogHours(INDIVIDUAL, TODAY, Decimal("4.5")), TODAY)
    assert project.hours == Decimal(20)


def test_no_hours_on_a_finished_project() -> None:
    completed = IndividualProjectCompleted(**IDS, date=TODAY, outcome="job_offer")
    with pytest.raises(errors.ProjectFinished):
        given(started(), completed).log_hours(LogHours(INDIVIDUAL, TODAY, Decimal(1)), TODAY)


def test_completing_records_the_outcome() -> None:
    cmd = CompleteIndividualProject(INDIVIDUAL, TODAY, "training_course")
    [event] = given(started()).complete(cmd, TODAY)
    assert isinstance(event, IndividualProjectCompleted)
    assert event.outcome == "training_course"


def test_withdrawing_records_the_reason_and_ends_the_project() -> None:
    cmd = WithdrawIndividualProject(INDIVIDUAL, TODAY, "moved_away")
    [event] = given(started()).withdraw(cmd, TODAY)
    assert isinstance(event, IndividualProjectWithdrawn)
    assert given(started(), event).status == "withdrawn"


def test_a_withdrawn_project_cannot_be_completed() -> None:
    withdrawn = IndividualProjectWithdrawn(**IDS, date=TODAY, reason="moved_away")
    with pytest.raises(errors.ProjectFinished):
        given(started(), withdrawn).complete(
            CompleteIndividualProject(INDIVIDUAL, TODAY, "completed"), TODAY
        )


def test_completing_in_the_future_is_invalid() -> None:
    cmd = CompleteIndividualProject(INDIVIDUAL, TODAY + timedelta(days=3), "completed")
    with pytest.raises(errors.Invalid):
        given(started()).complete(cmd, TODAY)


def test_commands_on_a_project_never_started_are_missing() -> None:
    with pytest.raises(errors.Missing):
        IndividualProject(INDIVIDUAL).log_hours(LogHours(INDIVIDUAL, TODAY, Decimal(1)), TODAY)
