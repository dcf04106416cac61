from typing import Any

import httpx

from .conftest import COORDINATOR, OPERATOR, Register, auth


async def draft(client: httpx.AsyncClient, case_id: str, goals: list[dict[str, Any]]) -> Any:
    response = await client.post(f"/cases/{case_id}/plan", json={"goals": goals}, headers=OPERATOR)
    assert response.status_code == 201, response.text
    return response.json()


HOUSING = {"area": "housing", "target_date": "2026-12-31", "description": "a room of her own"}
LANGUAGE = {"area": "language", "target_date": "2026-09-30"}


async def test_a_plan_is_drafted_approved_tracked_and_the_case_becomes_ready_to_close(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    drafted = await draft(client, case_id, [HOUSING, LANGUAGE])
    assert drafted["plan"]["goals"][0]["description"] is None  # write answers stay sealed
    assert drafted["closure_readiness"]["blockers"] == ["the case plan has not been approved"]
    approval = {"plan_version": 1}
    refused = await client.post(f"/cases/{case_id}/plan/approval", json=approval, headers=OPERATOR)
    assert refused.status_code == 403
    approved = await client.post(
        f"/cases/{case_id}/plan/approval", json=approval, headers=COORDINATOR
    )
    assert approved.status_code == 200, approved.text
    goals = [g["goal_id"] for g in approved.json()["plan"]["goals"]]
    for goal_id, status in zip(goals, ("achieved", "dropped"), strict=True):
        progress = await client.post(
            f"/cases/{case_id}/plan/goals/{goal_id}/progress",
            json={"status": status, "note": "found through the parish"},
            headers=OPERATOR,
        )
        assert progress.status_code == 201, progress.text
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert case["closure_readiness"] == {"ready": True, "blockers": []}
    plan = case["plan"]
    assert plan["versions"][0]["approved_by"] == "coord-1"
    assert plan["goals"][0]["description"] == "a room of her own"
    assert plan["goals"][0]["progress"][0]["note"] == "found through the parish"
    assert [g["status"] for g in plan["goals"]] == ["achieved", "dropped"]
    seen = (await client.get(f"/cases/{case_id}", headers=auth("auditor"))).json()
    assert seen["plan"]["goals"][0]["description"] is None


async def test_a_new_version_keeps_a_goal_and_waits_for_approval(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    first = await draft(client, case_id, [HOUSING])
    kept = first["plan"]["goals"][0]["goal_id"]
    await client.post(
        f"/cases/{case_id}/plan/approval", json={"plan_version": 1}, headers=COORDINATOR
    )
    second = await draft(client, case_id, [{**HOUSING, "goal_id": kept}, LANGUAGE])
    assert (second["plan"]["version"], second["plan"]["approved_version"]) == (2, 1)
    assert second["plan"]["goals"][0]["goal_id"] == kept
    stale = await client.post(
        f"/cases/{case_id}/plan/approval", json={"plan_version": 1}, headers=COORDINATOR
    )
    assert stale.status_code == 409
    assert "latest plan version (2)" in stale.json()["detail"]


async def test_progress_before_approval_or_on_an_unknown_goal_is_refused(
    client: httpx.AsyncClient, open_case: Register
) -> None:
    case_id = await open_case()
    goal_id = (await draft(client, case_id, [HOUSING]))["plan"]["goals"][0]["goal_id"]
    early = await client.post(
        f"/cases/{case_id}/plan/goals/{goal_id}/progress",
        json={"status": "in_progress"},
        headers=OPERATOR,
    )
    assert early.status_code == 409
    unknown = await client.post(
        f"/cases/{case_id}/plan/goals/{case_id}/progress",
        json={"status": "in_progress"},
        headers=OPERATOR,
    )
    assert unknown.status_code == 409
    empty = await client.post(f"/cases/{case_id}/plan", json={"goals": []}, headers=OPERATOR)
    assert empty.status_code == 422
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert case["version"] == 2
