"""A withdrawal of consent for housing closes what still awaits an answer, nothing more."""

from housing.domain.commands import CloseForWithdrawnConsent, ReceiveRequest
from housing.domain.request import CONSENT_WITHDRAWN, HousingRequest, replay
from lgnet_events.catalog.housing import (
    HousingRequestAccepted,
    HousingRequestDeclined,
    HousingRequestReceived,
)
from lgnet_events.ids import uuid7

REQUEST_ID, REFERRAL, CASE, PERSON = uuid7(), uuid7(), uuid7(), uuid7()
IDS = {"request_id": REQUEST_ID, "referral_id": REFERRAL, "case_id": CASE, "beneficiary_id": PERSON}
RECEIVED = HousingRequestReceived(**IDS, urgency="high")
CLOSED = HousingRequestDeclined(**IDS, reason=CONSENT_WITHDRAWN)
CLOSE = CloseForWithdrawnConsent(REQUEST_ID)


def test_a_pending_request_is_declined_with_reason_consent_withdrawn() -> None:
    assert replay(REQUEST_ID, [RECEIVED]).close_for_withdrawn_consent(CLOSE) == [CLOSED]


def test_a_request_already_closed_that_way_closes_nothing_more() -> None:
    assert replay(REQUEST_ID, [RECEIVED, CLOSED]).close_for_withdrawn_consent(CLOSE) == []


def test_an_accepted_request_stays_accepted() -> None:
    accepted = HousingRequestAccepted(**IDS)
    assert replay(REQUEST_ID, [RECEIVED, accepted]).close_for_withdrawn_consent(CLOSE) == []


def test_a_request_never_received_closes_nothing() -> None:
    assert HousingRequest(REQUEST_ID).close_for_withdrawn_consent(CLOSE) == []


def test_a_referral_arriving_after_the_withdrawal_opens_a_request_and_closes_it() -> None:
    cmd = ReceiveRequest(REQUEST_ID, REFERRAL, CASE, PERSON, "high", consent_withdrawn=True)
    assert HousingRequest(REQUEST_ID).receive(cmd) == [RECEIVED, CLOSED]
