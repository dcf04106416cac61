import pytest

from civic.domain import errors
from civic.domain.candidate import Candidate, replay
from civic.domain.commands import (
    AcceptCandidate,
    CreateProject,
    DeclineCandidate,
    ReceiveCandidate,
)
from civic.domain.project import Project
from civic.domain.project import replay as replay_project
from lgnet_events.catalog.civic import (
    CivicCandidateAccepted,
    CivicCandidateDeclined,
    CivicCandidateReceived,
    CivicProjectCreated,
)
from lgnet_events.ids import uuid7

PROJECT, CANDIDATE, REFERRAL, CASE, PERSON = (uuid7() for _ in range(5))


def create() -> CreateProject:
    return CreateProject(PROJECT, "Parco Nord", "green_care", "Coop Verde", 3, 120)


def received() -> CivicCandidateReceived:
    return CivicCandidateReceived(
        candidate_id=CANDIDATE, referral_id=REFERRAL, case_id=CASE, beneficiary_id=PERSON
    )


def test_creating_a_project_records_its_sector_host_places_and_planned_hours() -> None:
    [event] = Project(PROJECT).create(create())
    assert isinstance(event, CivicProjectCreated)
    assert (event.sector, event.host_organisation, event.places, event.planned_hours) == (
        "green_care",
        "Coop Verde",
        3,
        120,
    )


def test_creating_a_project_twice_is_rejected() -> None:
    project = replay_project(PROJECT, Project(PROJECT).create(create()))
    with pytest.raises(errors.AlreadyExists):
        project.create(create())


def test_a_referral_opens_a_candidate_for_the_referred_person() -> None:
    [event] = Candidate(CANDIDATE).receive(ReceiveCandidate(CANDIDATE, REFERRAL, CASE, PERSON))
    assert event == received()


def test_a_redelivered_referral_opens_nothing_new() -> None:
    candidate = replay(CANDIDATE, [received()])
    assert candidate.receive(ReceiveCandidate(CANDIDATE, REFERRAL, CASE, PERSON)) == []


def test_accepting_a_candidate_answers_intake_with_the_referral_and_case() -> None:
    [event] = replay(CANDIDATE, [received()]).accept(AcceptCandidate(CANDIDATE), erased=False)
    assert isinstance(event, CivicCandidateAccepted)
    assert (event.referral_id, event.case_id, event.beneficiary_id) == (REFERRAL, CASE, PERSON)


def test_declining_a_candidate_carries_the_reason() -> None:
    [event] = replay(CANDIDATE, [received()]).decline(DeclineCandidate(CANDIDATE, "no_places"))
    assert isinstance(event, CivicCandidateDeclined)
    assert event.reason == "no_places"


def test_a_decided_candidate_cannot_be_decided_again() -> None:
    accepted = CivicCandidateAccepted(**received().model_dump())
    candidate = replay(CANDIDATE, [received(), accepted])
    with pytest.raises(errors.AlreadyDecided):
        candidate.decline(DeclineCandidate(CANDIDATE, "changed_mind"))
    with pytest.raises(errors.AlreadyDecided):
        candidate.accept(AcceptCandidate(CANDIDATE), erased=False)


def test_a_candidate_whose_personal_data_was_erased_is_not_accepted() -> None:
    with pytest.raises(errors.PersonalDataErased):
        replay(CANDIDATE, [received()]).accept(AcceptCandidate(CANDIDATE), erased=True)


def test_deciding_an_unknown_candidate_is_missing() -> None:
    with pytest.raises(errors.Missing):
        Candidate(CANDIDATE).accept(AcceptCandidate(CANDIDATE), erased=False)


def test_only_an_accepted_candidate_may_start_a_project() -> None:
    with pytest.raises(errors.CandidateNotAccepted):
        replay(CANDIDATE, [received()]).require_startable()
    accepted = CivicCandidateAccepted(**received().model_dump())
    assert replay(CANDIDATE, [received(), accepted]).require_startable() == PERSON
