"""The same person in two municipalities: proposed by one, accepted or declined by the other,
and neither ever learns the other record's id."""

from typing import Any

import httpx
import pytest

from intake.settings import IntakeSettings

from .conftest import Headers, Register, auth, new_beneficiary, new_case

BOLOGNA_OPERATOR = auth("operator", "bologna", sub="op-bologna")
BOLOGNA = auth("coordinator", "bologna", sub="coord-bologna")
ROMA_OPERATOR = auth("operator", "roma", sub="op-roma")
ROMA = auth("coordinator", "roma", sub="coord-roma")
MILANO = auth("coordinator", "milano", sub="coord-milano")
AUDITOR = auth("auditor", "roma", sub="auditor-roma")


@pytest.fixture
def settings(settings: IntakeSettings) -> IntakeSettings:
    return settings.model_copy(update={"match_checks_per_hour": 4})


class Seen:
    """Every answer one side got, to prove the other side's id is in none of them."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client, self.texts = client, list[str]()

    async def __call__(
        self, method: str, url: str, headers: Headers, json: Any = None
    ) -> httpx.Response:
        response = await self.client.request(method, url, headers=headers, json=json)
        self.texts.append(response.text)
        return response

    def never_saw(self, beneficiary_id: str) -> None:
        assert self.texts
        assert all(beneficiary_id not in text for text in self.texts)


async def same_person(register: Register) -> tuple[str, str]:
    """The person in Bologna and, spelt otherwise, in Roma."""
    bologna = await register(BOLOGNA_OPERATOR, given="Mohammed", family="Kowalenko")
    roma = await register(ROMA_OPERATOR, municipality="roma", given="Muhammad", family="Kovalenko")
    return bologna, roma


def assert_already_decided(response: httpx.Response) -> None:
    assert (response.status_code, response.json()["type"]) == (409, "/problems/proposal-decided")


async def proposed(client: httpx.AsyncClient, bologna: str) -> str:
    made = await client.post(f"/beneficiaries/{bologna}/merge-proposals", headers=BOLOGNA)
    assert made.status_code == 201, made.text
    (proposal_id,) = made.json()["proposal_ids"]
    return str(proposal_id)


async def test_a_proposal_reaches_the_other_municipality_and_tells_the_asker_only_a_count(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, roma = await same_person(register)
    asker, receiver = Seen(client), Seen(client)
    made = await asker("POST", f"/beneficiaries/{bologna}/merge-proposals", BOLOGNA)
    assert made.status_code == 201, made.text
    assert made.json()["proposals"] == 1
    again = await asker("POST", f"/beneficiaries/{bologna}/merge-proposals", BOLOGNA)
    assert (again.status_code, again.json()) == (200, {"proposals": 0, "proposal_ids": []})
    (incoming,) = (await receiver("GET", "/merge-proposals", ROMA)).json()["items"]
    assert {k: incoming[k] for k in ("direction", "beneficiary_id", "municipality")} == {
        "direction": "incoming", "beneficiary_id": roma, "municipality": "roma"
    }  # fmt: skip
    assert (incoming["kind"], incoming["asking_municipality"], incoming["status"]) == (
        "same_document", "bologna", "open"
    )  # fmt: skip
    (outgoing,) = (await asker("GET", "/merge-proposals", BOLOGNA)).json()["items"]
    assert (outgoing["direction"], outgoing["beneficiary_id"]) == ("outgoing", bologna)
    assert (outgoing["kind"], outgoing["asking_municipality"]) == (None, None)
    audited = await receiver("GET", "/merge-proposals?direction=incoming", AUDITOR)
    assert [p["beneficiary_id"] for p in audited.json()["items"]] == [roma]
    for side, own, seen in ((BOLOGNA, bologna, asker), (ROMA, roma, receiver)):
        log = await seen("GET", f"/beneficiaries/{own}/access-log", side)
        entries = [e for e in log.json()["items"] if e["action"] == "proposal"]
        assert [(e["actor"], e["purpose"], e["requested_from"]) for e in entries] == [
            ("coord-bologna", "merge_proposal", ["bologna"])
        ]
    asker.never_saw(roma)
    receiver.never_saw(bologna)


async def test_accepting_merges_the_record_not_worked_on_and_undo_makes_it_live_again(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, roma = await same_person(register)
    asker, receiver = Seen(client), Seen(client)
    proposal_id = await proposed(client, bologna)
    accepted = await receiver(
        "POST", f"/merge-proposals/{proposal_id}/accept", ROMA, {"stays": "receiving"}
    )
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["stays"]) == ("accepted", "receiving")
    record = await asker("GET", f"/beneficiaries/{bologna}", BOLOGNA_OPERATOR)
    assert (record.json()["merged_into"], record.json()["merged_elsewhere"]) == (None, True)
    refused = await asker("POST", "/cases", BOLOGNA_OPERATOR, new_case(bologna))
    assert refused.status_code == 409
    assert "another municipality" in refused.json()["detail"]
    again = await asker("POST", f"/beneficiaries/{bologna}/merge-proposals", BOLOGNA)
    assert (again.status_code, again.json()["type"]) == (409, "/problems/beneficiary-merged")
    await asker("GET", f"/beneficiaries/{bologna}/access-log", BOLOGNA)
    kept = await receiver("GET", f"/beneficiaries/{roma}", ROMA_OPERATOR)
    assert (kept.json()["merged_into"], kept.json()["merged_elsewhere"]) == (None, False)
    opened = await receiver("POST", "/cases", ROMA_OPERATOR, new_case(roma))
    assert opened.status_code == 201, opened.text
    # (the problem repeats the path asked: the test knows the id, Roma does not)
    not_theirs = await client.post(f"/beneficiaries/{bologna}/merge/undo", headers=ROMA)
    assert not_theirs.status_code == 404
    undone = await asker("POST", f"/beneficiaries/{bologna}/merge/undo", BOLOGNA)
    assert undone.status_code == 200, undone.text
    assert undone.json()["merged_elsewhere"] is False
    (outgoing,) = (await asker("GET", "/merge-proposals", BOLOGNA)).json()["items"]
    assert outgoing["status"] == "undone"
    reopened = await asker("POST", "/cases", BOLOGNA_OPERATOR, new_case(bologna))
    assert reopened.status_code == 201, reopened.text
    (incoming,) = (await receiver("GET", "/merge-proposals", ROMA)).json()["items"]
    assert (incoming["beneficiary_id"], incoming["status"]) == (roma, "undone")
    await receiver("GET", f"/beneficiaries/{roma}/access-log", ROMA)
    asker.never_saw(roma)
    receiver.never_saw(bologna)


async def test_the_receiving_side_may_keep_the_asking_record_instead(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, roma = await same_person(register)
    proposal_id = await proposed(client, bologna)
    accepted = await client.post(
        f"/merge-proposals/{proposal_id}/accept", json={"stays": "asking"}, headers=ROMA
    )
    assert accepted.status_code == 200, accepted.text
    record = (await client.get(f"/beneficiaries/{roma}", headers=ROMA_OPERATOR)).json()
    assert (record["merged_into"], record["merged_elsewhere"]) == (None, True)
    refused = await client.post("/cases", json=new_case(roma), headers=ROMA_OPERATOR)
    assert refused.status_code == 409
    assert bologna not in refused.text
    twice = await client.post(
        f"/merge-proposals/{proposal_id}/decline", json={"reason": "other"}, headers=ROMA
    )
    assert_already_decided(twice)


async def test_declining_closes_the_proposal_and_merges_nothing(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, roma = await same_person(register)
    proposal_id = await proposed(client, bologna)
    declined = await client.post(
        f"/merge-proposals/{proposal_id}/decline",
        json={"reason": "different_people"},
        headers=ROMA,
    )
    assert declined.status_code == 200, declined.text
    (outgoing,) = (await client.get("/merge-proposals", headers=BOLOGNA)).json()["items"]
    assert (outgoing["status"], outgoing["reason"]) == ("declined", "different_people")
    for record, reader in ((bologna, BOLOGNA_OPERATOR), (roma, ROMA_OPERATOR)):
        assert (await client.get(f"/beneficiaries/{record}", headers=reader)).json()[
            "merged_elsewhere"
        ] is False
    late = await client.post(
        f"/merge-proposals/{proposal_id}/accept", json={"stays": "asking"}, headers=ROMA
    )
    assert late.status_code == 409
    listed = await client.get("/merge-proposals?status=open", headers=ROMA)
    assert listed.json()["items"] == []


async def test_only_the_receiving_coordinators_decide_and_strangers_see_nothing(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, _ = await same_person(register)
    proposal_id = await proposed(client, bologna)
    accept = f"/merge-proposals/{proposal_id}/accept"
    body = {"stays": "asking"}
    statuses = [
        (await client.post(accept, json=body, headers=headers)).status_code
        for headers in (BOLOGNA, MILANO, ROMA_OPERATOR, auth("national_office", "roma"), AUDITOR)
    ]
    assert statuses == [403, 404, 403, 403, 403]
    assert (await client.get("/merge-proposals", headers=MILANO)).json()["items"] == []
    assert (await client.get("/merge-proposals", headers=ROMA_OPERATOR)).status_code == 403
    propose = f"/beneficiaries/{bologna}/merge-proposals"
    assert (await client.post(propose, headers=ROMA)).status_code == 404
    assert (await client.post(propose, headers=BOLOGNA_OPERATOR)).status_code == 403
    smuggled = await client.post(propose, json={"receiving_id": bologna}, headers=BOLOGNA)
    assert smuggled.status_code == 422


async def test_a_proposal_needs_the_persons_case_work_consent_in_the_asking_municipality(
    client: httpx.AsyncClient, register: Register
) -> None:
    body = new_beneficiary(given="Mohammed", family="Kowalenko")
    body["personal_data"]["consent"] = {"purposes": ["statistics"], "given_on": "2026-05-02"}
    registered = await client.post("/beneficiaries", json=body, headers=BOLOGNA_OPERATOR)
    await register(ROMA_OPERATOR, municipality="roma", given="Muhammad", family="Kovalenko")
    bologna = registered.json()["beneficiary_id"]
    refused = await client.post(f"/beneficiaries/{bologna}/merge-proposals", headers=BOLOGNA)
    assert (refused.status_code, refused.json()["type"]) == (409, "/problems/consent-missing")
    assert "no consent for case_work" in refused.json()["detail"]
    assert (await client.get("/merge-proposals", headers=ROMA)).json()["items"] == []


async def test_proposals_and_duplicate_checks_share_the_hourly_ration(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, _ = await same_person(register)
    check = {"given_names": "Jonas", "family_names": "Tesfaye", "birth_date": "1994-03-12"}
    for _ in range(2):
        assert (
            await client.post("/beneficiaries/matches", json=check, headers=BOLOGNA)
        ).status_code == 200
    propose = f"/beneficiaries/{bologna}/merge-proposals"
    assert [(await client.post(propose, headers=BOLOGNA)).status_code for _ in range(3)] == [
        201, 200, 429
    ]  # fmt: skip
    refused = await client.post(propose, headers=BOLOGNA)
    assert refused.json()["type"] == "/problems/rate-limited"
    assert int(refused.headers["Retry-After"]) >= 1


async def test_an_idempotent_retry_replays_the_answer_without_a_second_proposal(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, _ = await same_person(register)
    headers = {**BOLOGNA, "Idempotency-Key": "propose-once"}
    first = await client.post(f"/beneficiaries/{bologna}/merge-proposals", headers=headers)
    retry = await client.post(f"/beneficiaries/{bologna}/merge-proposals", headers=headers)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert first.json() == retry.json()
    assert len((await client.get("/merge-proposals", headers=ROMA)).json()["items"]) == 1


async def test_a_decision_is_in_the_access_log_of_both_records(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, roma = await same_person(register)
    proposal_id = await proposed(client, bologna)
    declined = await client.post(
        f"/merge-proposals/{proposal_id}/decline",
        json={"reason": "cannot_confirm"},
        headers=ROMA,
    )
    assert declined.status_code == 200, declined.text
    for own, side in ((bologna, BOLOGNA), (roma, ROMA)):
        log = await client.get(f"/beneficiaries/{own}/access-log", headers=side)
        entries = [e for e in log.json()["items"] if e["action"] == "decision"]
        assert [(e["actor"], e["what"], e["purpose"]) for e in entries] == [
            ("coord-roma", "declined", "merge_proposal")
        ]


async def test_erasing_either_record_closes_its_open_proposal_which_can_no_longer_be_accepted(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, _ = await same_person(register)
    proposal_id = await proposed(client, bologna)
    erased = await client.delete(
        f"/beneficiaries/{bologna}/personal-data", headers=BOLOGNA_OPERATOR
    )
    assert erased.status_code == 200, erased.text
    (incoming,) = (await client.get("/merge-proposals", headers=ROMA)).json()["items"]
    assert (incoming["status"], incoming["reason"]) == ("closed", "personal_data_erased")
    late = await client.post(
        f"/merge-proposals/{proposal_id}/accept", json={"stays": "receiving"}, headers=ROMA
    )
    assert_already_decided(late)


async def test_the_asking_side_withdraws_its_proposal_and_only_it_may(
    client: httpx.AsyncClient, register: Register
) -> None:
    bologna, roma = await same_person(register)
    proposal_id = await proposed(client, bologna)
    withdraw = f"/merge-proposals/{proposal_id}/withdraw"
    statuses = [
        (await client.post(withdraw, headers=headers)).status_code
        for headers in (ROMA, MILANO, BOLOGNA_OPERATOR)
    ]
    assert statuses == [403, 404, 403]
    withdrawn = await client.post(withdraw, headers=BOLOGNA)
    assert withdrawn.status_code == 200, withdrawn.text
    assert roma not in withdrawn.text
    (incoming,) = (await client.get("/merge-proposals", headers=ROMA)).json()["items"]
    assert incoming["status"] == "withdrawn"
    late = await client.post(
        f"/merge-proposals/{proposal_id}/accept", json={"stays": "asking"}, headers=ROMA
    )
    assert_already_decided(late)
    log = await client.get(f"/beneficiaries/{roma}/access-log", headers=ROMA)
    entries = [e for e in log.json()["items"] if e["action"] == "decision"]
    assert [(e["actor"], e["what"]) for e in entries] == [("coord-bologna", "withdrawn")]
    again = await client.post(f"/beneficiaries/{bologna}/merge-proposals", headers=BOLOGNA)
    assert again.json()["proposals"] == 1  # a withdrawn proposal may be made again
