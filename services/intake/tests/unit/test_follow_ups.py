from datetime import UTC, date, datetime

import pytest

from intake.domain import errors
from intake.domain.case import Case, replay
from intake.domain.commands import AssignCase, CompleteFollowUp, ScheduleFollowUp
from intake.domain.follow_up import Deadlines
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    CaseAssigned,
    CaseClosed,
    CaseOpened,
    FollowUpDone,
    FollowUpScheduled,
    ReferralIssued,
)
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
CASE, PERSON, REFERRAL, FOLLOW_UP = uuid7(), uuid7(), uuid7(), uuid7()
DUE = date(2026, 6, 1)
OPENED = CaseOpened(
    case_id=CASE,
    beneficiary_id=PERSON,
    channel="one_stop_shop",
    contact_point="desk_1",
    urgency="low",
    vulnerabilities=SEALED,
)
CLOSED = CaseClosed(case_id=CASE, beneficiary_id=PERSON, outcome="other")
SCHEDULED = FollowUpScheduled(
    case_id=CASE, beneficiary_id=PERSON, follow_up_id=FOLLOW_UP, due_on=DUE, subject="call_back"
)
DONE = FollowUpDone(case_id=CASE, beneficiary_id=PERSON, follow_up_id=FOLLOW_UP, done_on=DUE)


def given(*history: DomainEvent) -> Case:
    return replay(CASE, history)


def test_scheduling_a_follow_up_on_an_open_case_records_its_due_date() -> None:
    cmd = ScheduleFollowUp(CASE, FOLLOW_UP, DUE, "call_back")
    assert given(OPENED).schedule_follow_up(cmd) == [SCHEDULED]


def test_a_follow_up_about_a_referral_the_case_does_not_have_is_invalid() -> None:
    cmd = ScheduleFollowUp(CASE, FOLLOW_UP, DUE, "call_back", referral_id=REFERRAL)
    with pytest.raises(errors.Invalid, match="no referral"):
        given(OPENED).schedule_follow_up(cmd)


def test_a_follow_up_about_an_issued_referral_is_recorded_with_it() -> None:
    referred = ReferralIssued(
        case_id=CASE, beneficiary_id=PERSON, referral_id=REFERRAL, target="housing"
    )
    cmd = ScheduleFollowUp(CASE, FOLLOW_UP, DUE, "housing_answer", referral_id=REFERRAL)
    (event,) = given(OPENED, referred).schedule_follow_up(cmd)
    assert isinstance(event, FollowUpScheduled)
    assert event.referral_id == REFERRAL


def test_a_closed_case_refuses_new_follow_ups() -> None:
    with pytest.raises(errors.CaseClosed):
        given(OPENED, CLOSED).schedule_follow_up(ScheduleFollowUp(CASE, FOLLOW_UP, DUE, "x"))


def test_completing_a_follow_up_records_the_day_it_was_done() -> None:
    cmd = CompleteFollowUp(CASE, FOLLOW_UP, DUE)
    assert given(OPENED, SCHEDULED).complete_follow_up(cmd) == [DONE]


def test_completing_a_follow_up_twice_is_rejected() -> None:
    with pytest.raises(errors.FollowUpDone):
        given(OPENED, SCHEDULED, DONE).complete_follow_up(CompleteFollowUp(CASE, FOLLOW_UP, DUE))


def test_completing_an_unknown_follow_up_is_missing() -> None:
    with pytest.raises(errors.UnknownFollowUp):
        given(OPENED).complete_follow_up(CompleteFollowUp(CASE, uuid7(), DUE))


def test_assigning_a_case_names_the_caseworker_once() -> None:
    assigned = CaseAssigned(case_id=CASE, beneficiary_id=PERSON, assigned_to="op-2")
    assert given(OPENED).assign(AssignCase(CASE, "op-2")) == [assigned]
    assert given(OPENED, assigned).assign(AssignCase(CASE, "op-2")) == []


def test_a_follow_up_is_overdue_the_day_after_it_was_due_until_done() -> None:
    deadlines = Deadlines(date(2026, 6, 2), 14)
    assert deadlines.follow_up_overdue(DUE, None)
    assert not deadlines.follow_up_overdue(DUE, DUE)
    assert not Deadlines(DUE, 14).follow_up_overdue(DUE, None)


def test_a_referral_unanswered_for_the_allowed_days_is_overdue() -> None:
    issued = datetime(2026, 5, 1, 9, tzinfo=UTC)
    assert not Deadlines(date(2026, 5, 14), 14).referral_overdue(issued, None)
    assert Deadlines(date(2026, 5, 15), 14).referral_overdue(issued, None)
    assert not Deadlines(date(2026, 5, 15), 14).referral_overdue(issued, "accepted")
