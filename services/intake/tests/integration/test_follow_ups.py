import httpx
import pytest

from intake.settings import IntakeSettings

from .conftest import COORDINATOR, OPERATOR, Register, auth

OTHER_OPERATOR = auth("operator", "bologna", sub="op-2")


@pytest.fixture
def settings(settings: IntakeSettings) -> IntakeSettings:
    """Referrals must be answered the day they are issued: any unanswered one is late."""
    return settings.model_copy(update={"referral_answer_days": 0})


async def test_a_follow_up_past_due_makes_the_case_overdue_until_done(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    scheduled = await client.post(
        f"/cases/{case_id}/follow-ups",
        json={"due_on": "2026-01-10", "subject": "call_back", "note": "ask about the permit"},
        headers=OPERATOR,
    )
    assert scheduled.status_code == 201, scheduled.text
    follow_up = scheduled.json()["follow_ups"][0]
    assert (follow_up["overdue"], follow_up["note"]) == (True, None)
    overdue = await client.get("/cases/overdue", headers=OPERATOR)
    assert case_id in [c["case_id"] for c in overdue.json()["items"]]
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert (case["overdue"], case["next_due_on"]) == (True, "2026-01-10")
    assert case["follow_ups"][0]["note"] == "ask about the permit"
    done = await client.post(
        f"/cases/{case_id}/follow-ups/{follow_up['follow_up_id']}/done", headers=OPERATOR
    )
    assert done.status_code == 200, done.text
    assert done.json()["overdue"] is False
    overdue = await client.get("/cases/overdue", headers=OPERATOR)
    assert case_id not in [c["case_id"] for c in overdue.json()["items"]]
    again = await client.post(
        f"/cases/{case_id}/follow-ups/{follow_up['follow_up_id']}/done", headers=OPERATOR
    )
    assert again.status_code == 409


async def test_an_unanswered_referral_is_flagged_in_the_case_view(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    referred = await client.post(
        f"/cases/{case_id}/referrals", json={"target": "housing"}, headers=OPERATOR
    )
    assert referred.status_code == 201, referred.text
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert case["referrals"][0]["overdue"] is True
    assert case["overdue"] is True
    overdue = await client.get("/cases/overdue", headers=auth("auditor"))
    assert case_id in [c["case_id"] for c in overdue.json()["items"]]


async def test_the_work_queue_holds_the_cases_assigned_to_the_caller_earliest_due_first(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    later = await open_case(OTHER_OPERATOR, given="Later")
    sooner = await open_case(OTHER_OPERATOR, given="Sooner")
    undated = await open_case(OTHER_OPERATOR, given="Undated")
    for case_id, due in ((later, "2027-03-01"), (sooner, "2027-02-01")):
        response = await client.post(
            f"/cases/{case_id}/follow-ups",
            json={"due_on": due, "subject": "visit"},
            headers=OTHER_OPERATOR,
        )
        assert response.status_code == 201, response.text
    queue = await client.get("/work-queue?limit=2", headers=OTHER_OPERATOR)
    assert [c["case_id"] for c in queue.json()["items"]] == [sooner, later]
    rest = await client.get(
        f"/work-queue?cursor={queue.json()['next_cursor']}", headers=OTHER_OPERATOR
    )
    assert [c["case_id"] for c in rest.json()["items"]] == [undated]
    mine = await client.get("/cases?assigned_to=me", headers=OTHER_OPERATOR)
    assert {c["case_id"] for c in mine.json()["items"]} == {later, sooner, undated}
    assert (await client.get("/work-queue", headers=OPERATOR)).json()["items"] == []


async def test_operators_take_cases_and_coordinators_assign_them_to_anyone(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    url = f"/cases/{case_id}/assignment"
    refused = await client.post(url, json={"assigned_to": "op-9"}, headers=OPERATOR)
    assert refused.status_code == 403
    taken = await client.post(url, json={"assigned_to": "me"}, headers=OTHER_OPERATOR)
    assert taken.json()["assigned_to"] == "op-2"
    given = await client.post(url, json={"assigned_to": "op-9"}, headers=COORDINATOR)
    assert given.status_code == 200, given.text
    assert given.json()["assigned_to"] == "op-9"


async def test_a_follow_up_with_a_bad_date_or_unknown_referral_is_refused(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    url = f"/cases/{case_id}/follow-ups"
    bad_date = await client.post(url, json={"due_on": "soon", "subject": "x"}, headers=OPERATOR)
    assert bad_date.status_code == 422
    unknown = await client.post(
        url,
        json={"due_on": "2027-01-01", "subject": "x", "referral_id": str(case_id)},
        headers=OPERATOR,
    )
    assert unknown.status_code == 422
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert case["follow_ups"] == []
