import httpx

from .conftest import COORDINATOR, OPERATOR, Register, auth, new_beneficiary, new_case


async def queued_pair(client: httpx.AsyncClient, register: Register) -> tuple[str, str, str]:
    earlier = await register(given="Mohammed", family="Kowalenko")
    later = await register(given="Muhammad", family="Kovalenko")
    queue = await client.get("/duplicate-reviews", headers=COORDINATOR)
    assert queue.status_code == 200, queue.text
    (review,) = queue.json()["items"]
    assert (review["beneficiary_id"], review["candidate_id"]) == (later, earlier)
    return review["review_id"], earlier, later


async def test_a_coordinator_merges_a_queued_pair_and_can_undo_it(
    client: httpx.AsyncClient, register: Register
) -> None:
    review_id, earlier, later = await queued_pair(client, register)
    assert (
        await client.post(f"/duplicate-reviews/{review_id}/merge", headers=OPERATOR)
    ).status_code == 403
    merged = await client.post(f"/duplicate-reviews/{review_id}/merge", headers=COORDINATOR)
    assert merged.status_code == 200, merged.text
    assert (merged.json()["status"], merged.json()["decided_by"]) == ("merged", "coord-1")
    record = (await client.get(f"/beneficiaries/{later}", headers=OPERATOR)).json()
    assert record["merged_into"] == earlier
    refused = await client.post("/cases", json=new_case(later), headers=OPERATOR)
    assert refused.status_code == 409
    assert earlier in refused.json()["detail"]
    again = await client.post(f"/duplicate-reviews/{review_id}/merge", headers=COORDINATOR)
    assert again.status_code == 409
    undone = await client.post(f"/beneficiaries/{later}/merge/undo", headers=COORDINATOR)
    assert undone.status_code == 200, undone.text
    assert undone.json()["merged_into"] is None
    opened = await client.post("/cases", json=new_case(later), headers=OPERATOR)
    assert opened.status_code == 201, opened.text


async def test_a_dismissed_pair_leaves_the_queue_and_other_municipalities_never_see_it(
    client: httpx.AsyncClient, register: Register
) -> None:
    review_id, _, _ = await queued_pair(client, register)
    roma = auth("coordinator", "roma")
    assert (await client.get("/duplicate-reviews", headers=roma)).json()["items"] == []
    assert (
        await client.post(f"/duplicate-reviews/{review_id}/dismiss", headers=roma)
    ).status_code == 404
    dismissed = await client.post(f"/duplicate-reviews/{review_id}/dismiss", headers=COORDINATOR)
    assert dismissed.json()["status"] == "dismissed"
    assert (await client.get("/duplicate-reviews", headers=COORDINATOR)).json()["items"] == []
    done = await client.get("/duplicate-reviews?status=dismissed", headers=COORDINATOR)
    assert [r["review_id"] for r in done.json()["items"]] == [review_id]


async def test_different_people_are_not_queued(client: httpx.AsyncClient) -> None:
    for given, family, number in (("Amina", "Diallo", "AA111111"), ("Fatima", "Bah", "BB22222")):
        body = new_beneficiary(given=given, family=family)
        body["personal_data"]["identity_document"]["number"] = number
        registered = await client.post("/beneficiaries", json=body, headers=OPERATOR)
        assert registered.status_code == 201, registered.text
    assert (await client.get("/duplicate-reviews", headers=COORDINATOR)).json()["items"] == []
