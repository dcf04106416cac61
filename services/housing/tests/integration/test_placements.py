import asyncio

import httpx
import pytest

from .conftest import COORDINATOR, OPERATOR, Register, auth, placement

pytestmark = pytest.mark.integration


async def test_placing_a_known_beneficiary_takes_a_bed(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    unit_id, beneficiary_id = await unit(beds=2), await known()
    response = await client.post(
        "/placements", json=placement(beneficiary_id, unit_id), headers=OPERATOR
    )
    assert response.status_code == 201, response.text
    placed = response.json()
    assert (placed["status"], placed["municipality"], placed["start_date"]) == (
        "open",
        "bologna",
        "2026-05-04",
    )
    assert response.headers["ETag"] == '"1"'
    seen = (await client.get(f"/units/{unit_id}", headers=OPERATOR)).json()
    assert (seen["occupied"], seen["free_beds"]) == (1, 1)


async def test_racing_for_the_last_bed_exactly_one_wins_and_the_others_get_409(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    unit_id = await unit(beds=1)
    people = [await known() for _ in range(6)]
    responses = await asyncio.gather(
        *(
            client.post("/placements", json=placement(person, unit_id), headers=OPERATOR)
            for person in people
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409, 409, 409, 409, 409]
    assert {r.json()["type"] for r in responses if r.status_code == 409} == {
        "/problems/no-free-bed"
    }
    seen = (await client.get(f"/units/{unit_id}", headers=OPERATOR)).json()
    assert (seen["occupied"], seen["free_beds"]) == (1, 0)
    listed = await client.get("/placements", params={"status": "open"}, headers=OPERATOR)
    assert len(listed.json()["items"]) == 1


async def test_racing_for_three_beds_fills_them_and_never_overbooks(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    unit_id = await unit(beds=3)
    people = [await known() for _ in range(8)]
    responses = await asyncio.gather(
        *(
            client.post("/placements", json=placement(person, unit_id), headers=OPERATOR)
            for person in people
        )
    )
    assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * 5
    seen = (await client.get(f"/units/{unit_id}", headers=OPERATOR)).json()
    assert (seen["occupied"], seen["free_beds"]) == (3, 0)


async def test_one_person_racing_into_two_units_gets_one_placement(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    person = await known()
    units = [await unit(beds=2), await unit(beds=2)]
    responses = await asyncio.gather(
        *(
            client.post("/placements", json=placement(person, unit_id), headers=OPERATOR)
            for unit_id in units
        )
    )
    assert sorted(r.status_code for r in responses) == [201, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert refused.json()["type"] == "/problems/already-placed"


async def test_a_person_with_an_open_placement_cannot_be_placed_again_until_it_ends(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    person, first, second = await known(), await unit(), await unit()
    placed = await client.post("/placements", json=placement(person, first), headers=OPERATOR)
    again = await client.post("/placements", json=placement(person, second), headers=OPERATOR)
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/already-placed"
    ended = await client.post(
        f"/placements/{placed.json()['placement_id']}/end",
        json={"end_date": "2026-09-30", "outcome": "transferred"},
        headers={**OPERATOR, "If-Match": placed.headers["ETag"]},
    )
    assert ended.status_code == 200, ended.text
    assert (ended.json()["status"], ended.json()["outcome"]) == ("ended", "transferred")
    moved = await client.post("/placements", json=placement(person, second), headers=OPERATOR)
    assert moved.status_code == 201


async def test_ending_a_placement_frees_its_bed_and_records_autonomy(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    unit_id = await unit(beds=1)
    placed = await client.post(
        "/placements", json=placement(await known(), unit_id), headers=OPERATOR
    )
    placement_id = placed.json()["placement_id"]
    ended = await client.post(
        f"/placements/{placement_id}/end",
        json={"end_date": "2026-12-01", "outcome": "autonomous_housing"},
        headers=OPERATOR,
    )
    assert ended.json()["outcome"] == "autonomous_housing"
    assert ended.headers["ETag"] == '"2"'
    seen = (await client.get(f"/units/{unit_id}", headers=OPERATOR)).json()
    assert seen["free_beds"] == 1
    twice = await client.post(
        f"/placements/{placement_id}/end",
        json={"end_date": "2026-12-02", "outcome": "left"},
        headers=OPERATOR,
    )
    assert twice.status_code == 409


async def test_ending_before_the_start_is_refused_on_the_field(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    placed = await client.post(
        "/placements", json=placement(await known(), await unit()), headers=OPERATOR
    )
    response = await client.post(
        f"/placements/{placed.json()['placement_id']}/end",
        json={"end_date": "2026-01-01", "outcome": "left"},
        headers=OPERATOR,
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.end_date"]


async def test_an_unknown_beneficiary_is_refused_without_asking_intake(
    client: httpx.AsyncClient, unit: Register
) -> None:
    response = await client.post(
        "/placements",
        json=placement("0196f0c2-0000-7000-8000-000000000001", await unit()),
        headers=OPERATOR,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.beneficiary_id", "reason": "unknown beneficiary"}
    ]


async def test_another_municipalitys_beneficiary_is_refused_like_an_unknown_one(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    response = await client.post(
        "/placements", json=placement(await known("roma"), await unit()), headers=OPERATOR
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.beneficiary_id", "reason": "unknown beneficiary"}
    ]


async def test_a_beneficiary_of_another_of_my_municipalities_is_refused_plainly(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    both = auth("operator", "bologna", "roma")
    response = await client.post(
        "/placements", json=placement(await known("roma"), await unit()), headers=both
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["reason"] == "the beneficiary is registered in roma"


async def test_another_municipalitys_unit_is_refused_like_an_unknown_one(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    response = await client.post(
        "/placements", json=placement(await known(), await unit("roma")), headers=OPERATOR
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.unit_id", "reason": "unknown housing unit"}
    ]


async def test_an_erased_beneficiary_takes_no_new_placement(
    client: httpx.AsyncClient, unit: Register, known: Register, erase: Register
) -> None:
    person = await known()
    await erase(person)
    response = await client.post(
        "/placements", json=placement(person, await unit()), headers=OPERATOR
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.beneficiary_id"


async def test_a_retried_placement_with_the_same_key_is_replayed_not_repeated(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    body = placement(await known(), await unit(beds=3))
    headers = {**OPERATOR, "Idempotency-Key": "place-1"}
    first = await client.post("/placements", json=body, headers=headers)
    second = await client.post("/placements", json=body, headers=headers)
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    listed = await client.get("/placements", headers=OPERATOR)
    assert len(listed.json()["items"]) == 1


async def test_another_municipalitys_placement_cannot_be_ended(
    client: httpx.AsyncClient, unit: Register, known: Register
) -> None:
    roma = auth("operator", "roma")
    placed = await client.post(
        "/placements", json=placement(await known("roma"), await unit("roma")), headers=roma
    )
    assert placed.status_code == 201, placed.text
    response = await client.post(
        f"/placements/{placed.json()['placement_id']}/end",
        json={"end_date": "2026-09-30", "outcome": "left"},
        headers=COORDINATOR,
    )
    assert response.status_code == 404
    assert (await client.get("/placements", headers=OPERATOR)).json()["items"] == []
