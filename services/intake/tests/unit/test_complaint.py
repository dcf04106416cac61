from datetime import date

import pytest

from intake.domain import errors
from intake.domain.beneficiary import Beneficiary
from intake.domain.commands import AnswerComplaint, ReceiveComplaint
from intake.domain.complaint import replay
from lgnet_events.catalog.intake import ComplaintAnswered, ComplaintReceived
from lgnet_events.ids import uuid7

SEALED = "lgnet:v1:c2VhbGVk"
COMPLAINT, PERSON = uuid7(), uuid7()
DAY = date(2026, 7, 1)
RECEIVED = ComplaintReceived(
    complaint_id=COMPLAINT,
    beneficiary_id=PERSON,
    kind="complaint",
    category="staff_conduct",
    channel="desk",
    received_on=DAY,
    text=SEALED,
)
ANSWERED = ComplaintAnswered(
    complaint_id=COMPLAINT, beneficiary_id=PERSON, resolution="upheld", answered_on=DAY
)


def receive() -> ReceiveComplaint:
    return ReceiveComplaint(COMPLAINT, PERSON, "complaint", "staff_conduct", "desk", DAY, SEALED)


def test_a_complaint_of_a_registered_person_is_received() -> None:
    person = Beneficiary(PERSON, registered=True)
    assert replay(COMPLAINT, []).receive(receive(), person) == [RECEIVED]


def test_a_complaint_of_an_unknown_person_is_missing() -> None:
    with pytest.raises(errors.Missing):
        replay(COMPLAINT, []).receive(receive(), Beneficiary(PERSON))


def test_answering_a_received_complaint_records_the_resolution() -> None:
    cmd = AnswerComplaint(COMPLAINT, "upheld", DAY)
    assert replay(COMPLAINT, [RECEIVED]).answer(cmd) == [ANSWERED]


def test_answering_twice_is_rejected() -> None:
    with pytest.raises(errors.ComplaintAnswered):
        replay(COMPLAINT, [RECEIVED, ANSWERED]).answer(AnswerComplaint(COMPLAINT, "noted", DAY))


def test_answering_a_complaint_never_received_is_missing() -> None:
    with pytest.raises(errors.Missing):
        replay(COMPLAINT, []).answer(AnswerComplaint(COMPLAINT, "noted", DAY))
