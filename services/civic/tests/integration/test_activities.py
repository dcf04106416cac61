from datetime import timedelta
from typing import Any

import httpx

from civic.clock import today_in

from .conftest import OPERATOR, Known, auth

TODAY = today_in("Europe/Rome")


def activity(
    people: list[str], residents: int = 5, capacity: int = 10, **extra: Any
) -> dict[str, Any]:
    return {
        "municipality": "bologna",
        "kind": "workshop",
        "title": "Orto condiviso",
        "date": TODAY.isoformat(),
        "capacity": capacity,
        "beneficiary_ids": people,
        "resident_participants": residents,
        **extra,
    }


async def test_an_activity_within_capacity_is_recorded_with_its_participants(
    client: httpx.AsyncClient, known: Known
) -> None:
    people = [await known(), await known()]
    response = await client.post("/community-activities", json=activity(people), headers=OPERATOR)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["participants"], body["resident_participants"], body["capacity"]) == (7, 5, 10)
    listed = (await client.get("/community-activities?kind=workshop", headers=OPERATOR)).json()
    assert [a["activity_id"] for a in listed["items"]] == [body["activity_id"]]


async def test_participants_above_capacity_are_refused_and_nothing_is_recorded(
    client: httpx.AsyncClient, known: Known
) -> None:
    body = activity([await known()], residents=10, capacity=10)
    response = await client.post("/community-activities", json=body, headers=OPERATOR)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.capacity"
    assert (await client.get("/community-activities", headers=OPERATOR)).json()["items"] == []


async def test_participants_must_be_known_people_of_the_municipality(
    client: httpx.AsyncClient, known: Known
) -> None:
    people = [await known(), await known("milano")]
    response = await client.post("/community-activities", json=activity(people), headers=OPERATOR)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.beneficiary_ids.1"


async def test_an_activity_in_the_future_is_refused(client: httpx.AsyncClient) -> None:
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = await client.post(
        "/community-activities", json=activity([], date=tomorrow), headers=OPERATOR
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.date"


async def test_activities_stay_within_the_callers_municipalities(client: httpx.AsyncClient) -> None:
    created = await client.post("/community-activities", json=activity([]), headers=OPERATOR)
    milano = auth("operator", "milano")
    path = f"/community-activities/{created.json()['activity_id']}"
    assert (await client.get(path, headers=milano)).status_code == 404
    assert (await client.get("/community-activities", headers=milano)).json()["items"] == []
    elsewhere = await client.post("/community-activities", json=activity([]), headers=milano)
    assert elsewhere.status_code == 403
    auditor = auth("auditor", "bologna")
    assert (await client.get(path, headers=auditor)).status_code == 200
    assert (
        await client.post("/community-activities", json=activity([]), headers=auditor)
    ).status_code == 403
