"""A withdrawal of consent for civic closes a candidacy awaiting an answer, nothing more."""

from civic.domain.candidate import CONSENT_WITHDRAWN, Candidate, replay
from civic.domain.commands import CloseForWithdrawnConsent, ReceiveCandidate
from lgnet_events.catalog.civic import (
    CivicCandidateAccepted,
    CivicCandidateDeclined,
    CivicCandidateReceived,
)
from lgnet_events.ids import uuid7

CANDIDATE, REFERRAL, CASE, PERSON = (uuid7() for _ in range(4))
IDS = {
    "candidate_id": CANDIDATE,
    "referral_id": REFERRAL,
    "case_id": CASE,
    "beneficiary_id": PERSON,
}
RECEIVED = CivicCandidateReceived(**IDS)
CLOSED = CivicCandidateDeclined(**IDS, reason=CONSENT_WITHDRAWN)
CLOSE = CloseForWithdrawnConsent(CANDIDATE)


def test_a_candidacy_awaiting_an_answer_is_declined_with_reason_consent_withdrawn() -> None:
    assert replay(CANDIDATE, [RECEIVED]).close_for_withdrawn_consent(CLOSE) == [CLOSED]


def test_a_candidacy_already_closed_closes_nothing_more() -> None:
    assert replay(CANDIDATE, [RECEIVED, CLOSED]).close_for_withdrawn_consent(CLOSE) == []


def test_an_accepted_candidate_stays_accepted() -> None:
    accepted = CivicCandidateAccepted(**IDS)
    assert replay(CANDIDATE, [RECEIVED, accepted]).close_for_withdrawn_consent(CLOSE) == []


def test_a_candidate_never_received_closes_nothing() -> None:
    assert Candidate(CANDIDATE).close_for_withdrawn_consent(CLOSE) == []


def test_a_referral_arriving_after_the_withdrawal_opens_a_candidacy_and_closes_it() -> None:
    cmd = ReceiveCandidate(CANDIDATE, REFERRAL, CASE, PERSON, consent_withdrawn=True)
    assert Candidate(CANDIDATE).receive(cmd) == [RECEIVED, CLOSED]
