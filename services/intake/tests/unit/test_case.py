from collections.abc import Sequence
from datetime import date
from uuid import UUID

import pytest

from intake.domain import errors
from intake.domain.beneficiary import Beneficiary
from intake.domain.case import Case, replay
from intake.domain.commands import (
    AssessCase,
    CloseCase,
    IssueReferral,
    OpenCase,
    ProvideSupport,
    RecordReferralOutcome,
    ReopenCase,
)
from lgnet_events.catalog.base import DomainEvent
from lgnet_events.catalog.intake import (
    CaseAssessed,
    CaseClosed,
    CaseOpened,
    CaseReopened,
    ReferralIssued,
    ReferralOutcomeRecorded,
    SupportProvided,
)
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
CASE = uuid7()
PERSON = uuid7()
REFERRAL = uuid7()


def opened() -> CaseOpened:
    return CaseOpened(
        case_id=CASE,
        beneficiary_id=PERSON,
        channel="mobile_unit",
        contact_point="stazione_centrale",
        urgency="high",
        vulnerabilities=SEALED,
    )


def closed() -> CaseClosed:
    return CaseClosed(case_id=CASE, beneficiary_id=PERSON, outcome="moved_away")


def referred(target: str = "housing") -> ReferralIssued:
    return ReferralIssued(case_id=CASE, beneficiary_id=PERSON, referral_id=REFERRAL, target=target)


def outcome(value: str) -> ReferralOutcomeRecorded:
    return ReferralOutcomeRecorded(
        case_id=CASE,
        beneficiary_id=PERSON,
        referral_id=REFERRAL,
        target="housing",
        outcome=value,
    )


def given(*history: DomainEvent) -> Case:
    return replay(CASE, history)


def support() -> ProvideSupport:
    return ProvideSupport(CASE, uuid7(), "legal", date(2026, 5, 4), 45)


def only(events: Sequence[DomainEvent]) -> DomainEvent:
    assert len(events) == 1
    return events[0]


def test_opening_a_case_for_a_registered_beneficiary_gives_case_opened() -> None:
    person = Beneficiary(PERSON, registered=True)
    cmd = OpenCase(CASE, PERSON, "mobile_unit", "stazione_centrale", "high", SEALED)
    assert given().open(cmd, person) == [opened()]


def test_opening_a_case_for_an_unknown_beneficiary_is_refused_as_missing() -> None:
    cmd = OpenCase(CASE, PERSON, "one_stop_shop", "desk_1", "low", SEALED)
    with pytest.raises(errors.Missing):
        given().open(cmd, Beneficiary(PERSON))


def test_opening_the_same_case_twice_is_rejected() -> None:
    cmd = OpenCase(CASE, PERSON, "one_stop_shop", "desk_1", "low", SEALED)
    with pytest.raises(errors.CaseAlreadyOpened):
        given(opened()).open(cmd, Beneficiary(PERSON, registered=True))


def test_an_open_case_records_support() -> None:
    cmd = support()
    event = only(given(opened()).provide_support(cmd))
    assert isinstance(event, SupportProvided)
    assert (event.support_id, event.minutes, event.beneficiary_id) == (cmd.support_id, 45, PERSON)


def test_a_closed_case_refuses_support_with_the_reason() -> None:
    with pytest.raises(errors.CaseClosed, match=r"closed .*moved_away.*reopen"):
        given(opened(), closed()).provide_support(support())


def test_a_case_that_does_not_exist_refuses_support_as_missing() -> None:
    with pytest.raises(errors.Missing):
        given().provide_support(support())


def test_assessing_an_open_case_records_team_roles_and_sealed_assessment() -> None:
    event = only(given(opened()).assess(AssessCase(CASE, ("psychologist",), SEALED)))
    assert isinstance(event, CaseAssessed)
    assert event.team_roles == ["psychologist"]


def test_closing_a_closed_case_is_rejected() -> None:
    with pytest.raises(errors.CaseClosed):
        given(opened(), closed()).close(CloseCase(CASE, "other"))


def test_closing_an_open_case_records_the_outcome() -> None:
    assert given(opened()).close(CloseCase(CASE, "moved_away")) == [closed()]


def test_reopening_a_closed_case_makes_it_accept_support_again() -> None:
    events = given(opened(), closed()).reopen(ReopenCase(CASE, "returned"))
    assert events == [CaseReopened(case_id=CASE, beneficiary_id=PERSON, reason="returned")]
    assert given(opened(), closed(), *events).provide_support(support())


def test_reopening_an_open_case_is_rejected() -> None:
    with pytest.raises(errors.CaseNotClosed):
        given(opened()).reopen(ReopenCase(CASE, "why"))


def test_a_referral_to_an_unknown_target_is_invalid() -> None:
    with pytest.raises(errors.UnknownReferralTarget):
        given(opened()).issue_referral(IssueReferral(CASE, REFERRAL, "spaceport"))


def test_a_referral_while_another_to_the_same_target_is_pending_is_rejected() -> None:
    with pytest.raises(errors.ReferralPending):
        given(opened(), referred()).issue_referral(IssueReferral(CASE, uuid7(), "housing"))


def test_a_referral_to_another_target_while_one_is_pending_is_issued() -> None:
    event = only(given(opened(), referred()).issue_referral(IssueReferral(CASE, uuid7(), "civic")))
    assert isinstance(event, ReferralIssued)
    assert event.target == "civic"


def test_a_closed_case_cannot_be_referred() -> None:
    with pytest.raises(errors.CaseClosed):
        given(opened(), closed()).issue_referral(IssueReferral(CASE, uuid7(), "civic"))


def test_an_accepted_referral_is_recorded_with_its_target() -> None:
    events = given(opened(), referred()).record_referral_outcome(
        RecordReferralOutcome(CASE, REFERRAL, "accepted")
    )
    assert events == [outcome("accepted")]


def test_recording_the_same_outcome_twice_changes_nothing() -> None:
    case = given(opened(), referred(), outcome("accepted"))
    assert case.record_referral_outcome(RecordReferralOutcome(CASE, REFERRAL, "accepted")) == []


def test_a_declined_referral_cannot_become_accepted() -> None:
    case = given(opened(), referred(), outcome("declined"))
    with pytest.raises(errors.ReferralOutcomeRefused):
        case.record_referral_outcome(RecordReferralOutcome(CASE, REFERRAL, "accepted"))


def test_an_outcome_is_still_recorded_after_the_case_closed() -> None:
    case = given(opened(), referred(), closed())
    assert case.record_referral_outcome(
        RecordReferralOutcome(CASE, REFERRAL, "declined", "no_beds")
    )


def test_an_outcome_for_an_unknown_referral_is_missing() -> None:
    with pytest.raises(errors.UnknownReferral):
        given(opened()).record_referral_outcome(RecordReferralOutcome(CASE, uuid7(), "accepted"))


def test_after_a_referral_is_answered_a_new_one_to_the_same_target_is_allowed() -> None:
    case = given(opened(), referred(), outcome("declined"))
    assert case.issue_referral(IssueReferral(CASE, uuid7(), "housing"))


def test_the_case_id_is_a_uuid() -> None:
    assert isinstance(given(opened()).case_id, UUID)


def test_an_outcome_from_a_service_that_was_not_the_target_is_missing() -> None:
    with pytest.raises(errors.UnknownReferral):
        given(opened(), referred("housing")).record_referral_outcome(
            RecordReferralOutcome(CASE, REFERRAL, "accepted", target="civic")
        )
