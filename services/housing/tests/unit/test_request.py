import pytest

from housing.domain import errors
from housing.domain.commands import DecideRequest, ReceiveRequest
from housing.domain.request import HousingRequest, replay
from lgnet_events.catalog.housing import (
    HousingRequestAccepted,
    HousingRequestDeclined,
    HousingRequestReceived,
)
from lgnet_events.ids import uuid7

REQUEST_ID, REFERRAL, CASE, PERSON = uuid7(), uuid7(), uuid7(), uuid7()
IDS = {"request_id": REQUEST_ID, "referral_id": REFERRAL, "case_id": CASE, "beneficiary_id": PERSON}
RECEIVED = HousingRequestReceived(**IDS, urgency="high")
RECEIVE = ReceiveRequest(REQUEST_ID, REFERRAL, CASE, PERSON, "high")


def test_a_referral_opens_a_request() -> None:
    assert HousingRequest(REQUEST_ID).receive(RECEIVE) == [RECEIVED]


def test_the_same_referral_received_twice_opens_nothing_more() -> None:
    assert replay(REQUEST_ID, [RECEIVED]).receive(RECEIVE) == []


def test_accepting_a_pending_request_carries_the_referral_back() -> None:
    decided = replay(REQUEST_ID, [RECEIVED]).decide(DecideRequest(REQUEST_ID, accept=True))
    assert decided == [HousingRequestAccepted(**IDS)]


def test_declining_carries_the_reason() -> None:
    cmd = DecideRequest(REQUEST_ID, accept=False, reason="no_capacity")
    assert replay(REQUEST_ID, [RECEIVED]).decide(cmd) == [
        HousingRequestDeclined(**IDS, reason="no_capacity")
    ]


def test_a_decided_request_cannot_be_decided_again() -> None:
    accepted = HousingRequestAccepted(**IDS)
    with pytest.raises(errors.AlreadyDecided):
        replay(REQUEST_ID, [RECEIVED, accepted]).decide(
            DecideRequest(REQUEST_ID, accept=False, reason="changed_mind")
        )


def test_deciding_a_request_never_received_is_missing() -> None:
    with pytest.raises(errors.Missing):
        HousingRequest(REQUEST_ID).decide(DecideRequest(REQUEST_ID, accept=True))
