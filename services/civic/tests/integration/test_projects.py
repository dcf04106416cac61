import httpx

from .conftest import COORDINATOR, OPERATOR, Create, auth, new_project


async def test_a_coordinator_creates_a_project_with_its_places(client: httpx.AsyncClient) -> None:
    response = await client.post("/projects", json=new_project(places=3), headers=COORDINATOR)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["sector"], body["places"], body["free_places"]) == ("green_care", 3, 3)
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/projects/{body['project_id']}"
    read = await client.get(f"/projects/{body['project_id']}", headers=OPERATOR)
    assert read.json() == body


async def test_an_operator_may_not_create_a_project(client: httpx.AsyncClient) -> None:
    response = await client.post("/projects", json=new_project(), headers=OPERATOR)
    assert response.status_code == 403


async def test_a_project_in_a_municipality_one_does_not_work_in_is_forbidden(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/projects", json=new_project(municipality="roma"), headers=COORDINATOR
    )
    assert response.status_code == 403


async def test_another_municipality_sees_neither_the_project_nor_it_in_lists(
    client: httpx.AsyncClient, create_project: Create
) -> None:
    project_id = await create_project()
    milano = auth("operator", "milano")
    assert (await client.get(f"/projects/{project_id}", headers=milano)).status_code == 404
    listed = (await client.get("/projects", headers=milano)).json()
    assert listed["items"] == []


async def test_projects_are_listed_a_page_at_a_time(
    client: httpx.AsyncClient, create_project: Create
) -> None:
    ids = [await create_project() for _ in range(3)]
    first = (await client.get("/projects?limit=2", headers=OPERATOR)).json()
    assert [p["project_id"] for p in first["items"]] == ids[::-1][:2]
    cursor = first["next_cursor"]
    second = (await client.get(f"/projects?limit=2&cursor={cursor}", headers=OPERATOR)).json()
    assert [p["project_id"] for p in second["items"]] == [ids[0]]
    assert second["next_cursor"] is None


async def test_a_retried_creation_with_the_same_idempotency_key_creates_one_project(
    client: httpx.AsyncClient,
) -> None:
    headers = {**COORDINATOR, "Idempotency-Key": "create-parco-1"}
    first = await client.post("/projects", json=new_project(), headers=headers)
    again = await client.post("/projects", json=new_project(), headers=headers)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len((await client.get("/projects", headers=OPERATOR)).json()["items"]) == 1
