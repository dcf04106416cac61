import asyncio

import httpx

from .conftest import COORDINATOR, OPERATOR, Register, auth, new_case


async def test_a_case_is_opened_assessed_supported_referred_and_closed(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    url = f"/cases/{case_id}"
    assessment = {
        "team_roles": ["social_worker", "psychologist"],
        "assessment": {"needs": ["housing"], "risk_level": "high", "notes": "trauma"},
    }
    assessed = await client.post(f"{url}/assessments", json=assessment, headers=OPERATOR)
    assert assessed.status_code == 201, assessed.text
    support = {"kind": "legal", "date": "2026-05-04", "minutes": 45, "note": "asylum appeal"}
    supported = await client.post(f"{url}/support", json=support, headers=OPERATOR)
    assert supported.headers["ETag"] == '"3"'
    referred = await client.post(f"{url}/referrals", json={"target": "legal_aid"}, headers=OPERATOR)
    referral_id = referred.json()["referrals"][0]["referral_id"]
    answered = await client.post(
        f"{url}/referrals/{referral_id}/outcome", json={"outcome": "accepted"}, headers=OPERATOR
    )
    assert answered.status_code == 200, answered.text
    closed = await client.post(
        f"{url}/close", json={"outcome": "autonomy_reached"}, headers=COORDINATOR
    )
    assert closed.status_code == 200, closed.text
    case = (await client.get(url, headers=OPERATOR)).json()
    assert (case["status"], case["outcome"], case["support_minutes"]) == (
        "closed",
        "autonomy_reached",
        45,
    )
    assert case["assessments"][0]["assessment"]["notes"] == "trauma"
    assert case["vulnerabilities"]["notes"] == "sleeps at the station"
    assert case["referrals"][0]["outcome"] == "accepted"
    assert case["version"] == 6


async def test_a_closed_case_refuses_support_with_the_reason(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    await client.post(
        f"/cases/{case_id}/close", json={"outcome": "moved_away"}, headers=COORDINATOR
    )
    support = {"kind": "social", "date": "2026-05-04", "minutes": 30}
    refused = await client.post(f"/cases/{case_id}/support", json=support, headers=OPERATOR)
    assert refused.status_code == 409
    assert "closed" in refused.json()["detail"]
    assert "moved_away" in refused.json()["detail"]
    reopened = await client.post(
        f"/cases/{case_id}/reopen", json={"reason": "returned"}, headers=COORDINATOR
    )
    assert reopened.status_code == 200
    assert (
        await client.post(f"/cases/{case_id}/support", json=support, headers=OPERATOR)
    ).status_code == 201


async def test_closing_needs_a_coordinator(client: httpx.AsyncClient, open_case: Register) -> None:
    case_id = await open_case()
    refused = await client.post(
        f"/cases/{case_id}/close", json={"outcome": "other"}, headers=OPERATOR
    )
    assert refused.status_code == 403


async def test_reopening_an_open_case_is_a_conflict(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    refused = await client.post(
        f"/cases/{case_id}/reopen", json={"reason": "x"}, headers=COORDINATOR
    )
    assert refused.status_code == 409


async def test_a_referral_to_a_target_that_does_not_exist_is_422(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    refused = await client.post(
        f"/cases/{case_id}/referrals", json={"target": "spa"}, headers=OPERATOR
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.target"


async def test_another_municipalitys_case_answers_404_to_reads_and_writes(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    milano = auth("coordinator", "milano")
    for response in [
        await client.get(f"/cases/{case_id}", headers=milano),
        await client.get(f"/cases/{case_id}/history", headers=milano),
        await client.post(f"/cases/{case_id}/close", json={"outcome": "other"}, headers=milano),
    ]:
        assert response.status_code == 404, response.text
    listed = await client.get("/cases", headers=milano)
    assert listed.json()["items"] == []


async def test_opening_a_case_for_another_municipalitys_person_is_404(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    refused = await client.post(
        "/cases", json=new_case(beneficiary_id), headers=auth("operator", "roma")
    )
    assert refused.status_code == 404


async def test_a_stale_if_match_gets_412_and_writes_nothing(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    support = {"kind": "social", "date": "2026-05-04", "minutes": 30}
    stale = await client.post(
        f"/cases/{case_id}/support", json=support, headers={**OPERATOR, "If-Match": '"7"'}
    )
    assert stale.status_code == 412
    fresh = await client.post(
        f"/cases/{case_id}/support", json=support, headers={**OPERATOR, "If-Match": '"1"'}
    )
    assert fresh.headers["ETag"] == '"2"'


async def test_concurrent_writes_to_one_case_let_exactly_one_win(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    support = {"kind": "social", "date": "2026-05-04", "minutes": 30}
    responses = await asyncio.gather(
        *[
            client.post(f"/cases/{case_id}/support", json=support, headers=OPERATOR)
            for _ in range(6)
        ]
    )
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) >= 1
    assert set(codes) <= {201, 409}
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert case["support_count"] == codes.count(201)
    assert case["version"] == 1 + codes.count(201)


async def test_a_retried_post_with_the_same_idempotency_key_returns_the_first_response(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    support = {"kind": "social", "date": "2026-05-04", "minutes": 30}
    headers = {**OPERATOR, "Idempotency-Key": "retry-1"}
    first = await client.post(f"/cases/{case_id}/support", json=support, headers=headers)
    second = await client.post(f"/cases/{case_id}/support", json=support, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    history = (await client.get(f"/cases/{case_id}/history", headers=OPERATOR)).json()
    assert [i["event_type"] for i in history["items"]] == [
        "intake.CaseOpened",
        "intake.SupportProvided",
    ]


async def test_history_shows_actor_and_time_and_never_sealed_fields(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    history = await client.get(f"/cases/{case_id}/history", headers=auth("auditor", "*", sub="aud"))
    assert history.status_code == 200
    item = history.json()["items"][0]
    assert item["actor"] == "op-1"
    assert item["occurred_at"]
    assert "vulnerabilities" not in item["data"]
    case = (await client.get(f"/cases/{case_id}", headers=auth("auditor", "*"))).json()
    assert case["vulnerabilities"] is None


async def test_the_case_list_filters_and_pages_with_a_cursor(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    ids = [await open_case(given=f"Name{i}") for i in range(5)]
    await client.post(f"/cases/{ids[0]}/close", json={"outcome": "other"}, headers=COORDINATOR)
    first = (await client.get("/cases?limit=2", headers=OPERATOR)).json()
    assert [c["case_id"] for c in first["items"]] == ids[::-1][:2]
    rest = (
        await client.get(f"/cases?limit=10&cursor={first['next_cursor']}", headers=OPERATOR)
    ).json()
    assert [c["case_id"] for c in rest["items"]] == ids[::-1][2:]
    assert rest["next_cursor"] is None
    closed = (await client.get("/cases?status=closed&channel=mobile_unit", headers=OPERATOR)).json()
    assert [c["case_id"] for c in closed["items"]] == [ids[0]]
    bad = await client.get("/cases?cursor=nonsense", headers=OPERATOR)
    assert bad.status_code == 422


async def test_concurrent_writes_at_the_same_version_let_exactly_one_win(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    support = {"kind": "social", "date": "2026-05-04", "minutes": 30}
    headers = {**OPERATOR, "If-Match": '"1"'}
    responses = await asyncio.gather(
        *[client.post(f"/cases/{case_id}/support", json=support, headers=headers) for _ in range(6)]
    )
    codes = [r.status_code for r in responses]
    assert codes.count(201) == 1
    assert set(codes) - {201} <= {409, 412}
