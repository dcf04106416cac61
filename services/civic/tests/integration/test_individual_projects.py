import asyncio
from datetime import date, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from civic.clock import today_in
from lgnet_events.schema import events

from .conftest import COORDINATOR, OPERATOR, Create, Known, auth, starting

TODAY = today_in("Europe/Rome")


async def count_events(db: AsyncEngine, event_type: str) -> int:
    query = select(func.count()).select_from(events).where(events.c.event_type == event_type)
    async with db.connect() as conn:
        return int(await conn.scalar(query) or 0)


async def test_starting_a_project_for_a_known_person_takes_a_place(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project(places=2)
    response = await client.post(
        "/individual-projects", json=starting(project_id, await known()), headers=OPERATOR
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["tutor"], body["planned_hours"]) == ("active", "tutor_07", 120)
    assert body["start_date"] == TODAY.isoformat()
    project = (await client.get(f"/projects/{project_id}", headers=OPERATOR)).json()
    assert (project["occupied"], project["free_places"]) == (1, 1)


async def test_two_starts_racing_for_the_last_place_give_one_201_and_one_409(
    client: httpx.AsyncClient, create_project: Create, known: Known, db: AsyncEngine
) -> None:
    project_id = await create_project(places=1)
    people = [await known(), await known()]
    responses = await asyncio.gather(
        *(
            client.post("/individual-projects", json=starting(project_id, p), headers=OPERATOR)
            for p in people
        )
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert refused.json()["type"].endswith("project-full")
    assert await count_events(db, "civic.IndividualProjectStarted") == 1
    project = (await client.get(f"/projects/{project_id}", headers=OPERATOR)).json()
    assert project["occupied"] == 1


async def test_a_place_freed_by_a_withdrawal_can_be_taken_again(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project(places=1)
    first = await client.post(
        "/individual-projects", json=starting(project_id, await known()), headers=OPERATOR
    )
    second_person = starting(project_id, await known())
    full = await client.post("/individual-projects", json=second_person, headers=OPERATOR)
    assert full.status_code == 409
    withdrawn = await client.post(
        f"/individual-projects/{first.json()['individual_project_id']}/withdraw",
        json={"reason": "moved_away"},
        headers=COORDINATOR,
    )
    assert withdrawn.status_code == 200, withdrawn.text
    again = await client.post("/individual-projects", json=second_person, headers=OPERATOR)
    assert again.status_code == 201


async def test_the_same_person_cannot_start_twice_in_one_project(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project(places=5)
    body = starting(project_id, await known())
    assert (
        await client.post("/individual-projects", json=body, headers=OPERATOR)
    ).status_code == 201
    again = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert again.status_code == 409
    assert again.json()["type"].endswith("already-enrolled")


async def test_starting_for_an_unknown_erased_or_foreign_person_is_refused_on_the_field(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project()
    for person in (await known("milano"), await known(erased=True), await known("roma")):
        response = await client.post(
            "/individual-projects", json=starting(project_id, person), headers=OPERATOR
        )
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "body.beneficiary_id"


async def test_starting_in_another_municipalitys_project_is_refused_like_an_unknown_one(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project(municipality="milano")
    response = await client.post(
        "/individual-projects", json=starting(project_id, await known()), headers=OPERATOR
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.project_id"


async def test_hours_add_up_on_the_individual_project(
    client: httpx.AsyncClient, start: Create
) -> None:
    individual = await start()
    for hours in ("3.5", "2"):
        logged = await client.post(
            f"/individual-projects/{individual}/hours",
            json={"date": TODAY.isoformat(), "hours": hours},
            headers=OPERATOR,
        )
        assert logged.status_code == 201, logged.text
    assert logged.json()["hours_logged"] == "5.50"
    assert logged.headers["ETag"] == '"3"'


async def test_negative_future_or_too_many_hours_are_refused_and_write_nothing(
    client: httpx.AsyncClient, start: Create, db: AsyncEngine
) -> None:
    individual = await start()
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    for body, status in (
        ({"date": TODAY.isoformat(), "hours": "-2"}, 422),
        ({"date": TODAY.isoformat(), "hours": "0"}, 422),
        ({"date": tomorrow, "hours": "2"}, 422),
        ({"date": TODAY.isoformat(), "hours": "25"}, 422),
        ({"date": (TODAY - timedelta(days=1)).isoformat(), "hours": "1"}, 422),
    ):
        response = await client.post(
            f"/individual-projects/{individual}/hours", json=body, headers=OPERATOR
        )
        assert response.status_code == status, (body, response.text)
        assert response.json()["errors"][0]["field"] in ("body.hours", "body.date")
    assert await count_events(db, "civic.HoursLogged") == 0


async def test_no_hours_on_a_completed_project(client: httpx.AsyncClient, start: Create) -> None:
    individual = await start()
    completed = await client.post(
        f"/individual-projects/{individual}/complete",
        json={"outcome": "job_offer"},
        headers=COORDINATOR,
    )
    assert completed.status_code == 200, completed.text
    assert (completed.json()["status"], completed.json()["outcome"]) == ("completed", "job_offer")
    response = await client.post(
        f"/individual-projects/{individual}/hours",
        json={"date": TODAY.isoformat(), "hours": "1"},
        headers=OPERATOR,
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("individual-project-finished")


async def test_only_coordinators_complete_or_withdraw(
    client: httpx.AsyncClient, start: Create
) -> None:
    individual = await start()
    for action, body in (("complete", {"outcome": "completed"}), ("withdraw", {"reason": "ill"})):
        response = await client.post(
            f"/individual-projects/{individual}/{action}", json=body, headers=OPERATOR
        )
        assert response.status_code == 403


async def test_a_stale_if_match_is_412_and_another_municipality_gets_404(
    client: httpx.AsyncClient, start: Create
) -> None:
    individual = await start()
    body = {"date": TODAY.isoformat(), "hours": "1"}
    path = f"/individual-projects/{individual}/hours"
    stale = await client.post(path, json=body, headers={**OPERATOR, "If-Match": '"7"'})
    assert stale.status_code == 412
    current = await client.post(path, json=body, headers={**OPERATOR, "If-Match": '"1"'})
    assert current.status_code == 201
    milano = auth("operator", "milano")
    assert (await client.post(path, json=body, headers=milano)).status_code == 404
    assert (
        await client.get(f"/individual-projects/{individual}", headers=milano)
    ).status_code == 404


async def test_a_start_names_either_a_candidate_or_a_person(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project()
    person = await known()
    both = starting(project_id, person, candidate_id=person)
    neither = {"project_id": project_id, "tutor": "tutor_07"}
    for body in (both, neither):
        response = await client.post("/individual-projects", json=body, headers=OPERATOR)
        assert response.status_code == 422


async def test_a_tutor_is_a_register_code_not_a_name(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project()
    body = starting(project_id, await known(), tutor="Maria Rossi")
    response = await client.post("/individual-projects", json=body, headers=OPERATOR)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.tutor"


async def test_individual_projects_are_listed_by_project(
    client: httpx.AsyncClient, create_project: Create, known: Known
) -> None:
    project_id = await create_project(places=3)
    for _ in range(2):
        await client.post(
            "/individual-projects", json=starting(project_id, await known()), headers=OPERATOR
        )
    listed = await client.get(f"/individual-projects?project_id={project_id}", headers=OPERATOR)
    assert [i["project_id"] for i in listed.json()["items"]] == [project_id, project_id]
    start_date = date.fromisoformat(listed.json()["items"][0]["start_date"])
    assert start_date == TODAY
