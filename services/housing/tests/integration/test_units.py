import httpx
import pytest

from .conftest import COORDINATOR, OPERATOR, Register, auth, new_unit, placement

pytestmark = pytest.mark.integration


async def test_a_coordinator_registers_a_unit_with_all_its_beds_free(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/units", json=new_unit(beds=3), headers=COORDINATOR)
    assert response.status_code == 201, response.text
    unit = response.json()
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/units/{unit['unit_id']}"
    assert (unit["beds"], unit["occupied"], unit["free_beds"]) == (3, 0, 3)
    assert unit["status"] == "available"
    read = await client.get(f"/units/{unit['unit_id']}", headers=OPERATOR)
    assert read.json() == unit


async def test_an_operator_may_not_manage_stock(client: httpx.AsyncClient) -> None:
    response = await client.post("/units", json=new_unit(), headers=OPERATOR)
    assert response.status_code == 403


async def test_registering_a_unit_in_another_municipality_is_forbidden(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/units", json=new_unit("roma"), headers=COORDINATOR)
    assert response.status_code == 403


async def test_another_municipalitys_unit_is_not_found(
    client: httpx.AsyncClient, unit: Register
) -> None:
    unit_id = await unit("roma")
    assert (await client.get(f"/units/{unit_id}", headers=OPERATOR)).status_code == 404
    listed = await client.get("/units", headers=OPERATOR)
    assert unit_id not in [u["unit_id"] for u in listed.json()["items"]]
    start = await client.post(
        f"/units/{unit_id}/refurbishment/start", json={"date": "2026-05-01"}, headers=COORDINATOR
    )
    assert start.status_code == 404


async def test_a_unit_under_refurbishment_has_no_free_bed_and_takes_no_placement(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    unit_id = await unit(beds=4)
    started = await client.post(
        f"/units/{unit_id}/refurbishment/start",
        json={"date": "2026-05-01", "expected_end": "2026-09-30"},
        headers={**COORDINATOR, "If-Match": '"1"'},
    )
    assert started.status_code == 200, started.text
    assert (started.json()["status"], started.json()["free_beds"]) == ("under_refurbishment", 0)
    assert started.headers["ETag"] == '"2"'
    refused = await client.post(
        "/placements", json=placement(await known(), unit_id), headers=OPERATOR
    )
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/unit-under-refurbishment"
    available = await client.get("/units", params={"available": "true"}, headers=OPERATOR)
    assert unit_id not in [u["unit_id"] for u in available.json()["items"]]


async def test_completing_a_refurbishment_puts_the_unit_back_with_its_new_beds(
    client: httpx.AsyncClient, unit: Register
) -> None:
    unit_id = await unit(beds=2)
    path = f"/units/{unit_id}/refurbishment"
    await client.post(f"{path}/start", json={"date": "2026-05-01"}, headers=COORDINATOR)
    done = await client.post(
        f"{path}/complete", json={"date": "2026-08-01", "beds": 6}, headers=COORDINATOR
    )
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["free_beds"]) == ("available", 6)
    again = await client.post(f"{path}/complete", json={"date": "2026-08-02"}, headers=COORDINATOR)
    assert again.status_code == 409


async def test_an_occupied_unit_cannot_start_a_refurbishment(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    unit_id = await unit(beds=2)
    placed = await client.post(
        "/placements", json=placement(await known(), unit_id), headers=OPERATOR
    )
    assert placed.status_code == 201, placed.text
    refused = await client.post(
        f"/units/{unit_id}/refurbishment/start", json={"date": "2026-05-01"}, headers=COORDINATOR
    )
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/unit-occupied"


async def test_a_stale_if_match_is_refused_with_412(
    client: httpx.AsyncClient, unit: Register
) -> None:
    unit_id = await unit()
    response = await client.post(
        f"/units/{unit_id}/refurbishment/start",
        json={"date": "2026-05-01"},
        headers={**COORDINATOR, "If-Match": '"7"'},
    )
    assert response.status_code == 412


async def test_units_list_free_beds_now_a_page_at_a_time(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    full = await unit(beds=1)
    await client.post("/placements", json=placement(await known(), full), headers=OPERATOR)
    free = [await unit(beds=3), await unit(beds=2)]
    first = await client.get("/units", params={"limit": 2}, headers=OPERATOR)
    second = await client.get(
        "/units", params={"limit": 2, "cursor": first.json()["next_cursor"]}, headers=OPERATOR
    )
    units = first.json()["items"] + second.json()["items"]
    assert [(u["unit_id"], u["free_beds"]) for u in units] == [
        (full, 0),
        (free[0], 3),
        (free[1], 2),
    ]
    assert second.json()["next_cursor"] is None
    available = await client.get("/units", params={"available": "true"}, headers=OPERATOR)
    assert [u["unit_id"] for u in available.json()["items"]] == free


async def test_national_office_cannot_read_units(client: httpx.AsyncClient) -> None:
    response = await client.get("/units", headers=auth("national_office", "bologna"))
    assert response.status_code == 403
