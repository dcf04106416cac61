import httpx

from .conftest import COORDINATOR, OPERATOR, Register, auth, new_beneficiary


async def test_a_registered_beneficiary_reads_back_with_personal_data_for_an_operator(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post("/beneficiaries", json=new_beneficiary(), headers=OPERATOR)
    assert created.status_code == 201, created.text
    assert created.headers["ETag"] == '"1"'
    assert created.json()["personal_data"] is None
    read = await client.get(created.headers["Location"], headers=OPERATOR)
    assert read.status_code == 200
    body = read.json()
    assert body["personal_data"]["family_names"] == "Diallo"
    assert (body["birth_year"], body["municipality"], body["erased"]) == (1994, "bologna", False)
    assert read.headers["ETag"] == '"1"'


async def test_an_auditor_reads_a_beneficiary_without_personal_data(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    read = await client.get(f"/beneficiaries/{beneficiary_id}", headers=auth("auditor", "*"))
    assert read.status_code == 200
    assert read.json()["personal_data"] is None


async def test_the_national_office_cannot_read_individual_records(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    read = await client.get(
        f"/beneficiaries/{beneficiary_id}", headers=auth("national_office", "*")
    )
    assert read.status_code == 403
    assert read.headers["content-type"] == "application/problem+json"


async def test_another_municipalitys_beneficiary_answers_404_like_a_missing_one(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    milano = auth("operator", "milano")
    other = await client.get(f"/beneficiaries/{beneficiary_id}", headers=milano)
    missing = await client.get(
        "/beneficiaries/0190a000-0000-7000-8000-000000000000", headers=milano
    )
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == missing.json()["detail"]
    patch = await client.patch(
        f"/beneficiaries/{beneficiary_id}", json={"sex": "male"}, headers=milano
    )
    assert patch.status_code == 404


async def test_a_likely_duplicate_answers_409_with_the_existing_id_unless_confirmed(
    client: httpx.AsyncClient, register: Register
) -> None:
    existing = await register()
    again = new_beneficiary()
    again["personal_data"]["given_names"] = "  AMINA "
    refused = await client.post("/beneficiaries", json=again, headers=OPERATOR)
    assert refused.status_code == 409
    assert refused.json()["existing_id"] == existing
    confirmed = await client.post(
        "/beneficiaries", json={**again, "confirm_duplicate": True}, headers=OPERATOR
    )
    assert confirmed.status_code == 201
    elsewhere = await client.post(
        "/beneficiaries", json=new_beneficiary("milano"), headers=auth("operator", "milano")
    )
    assert elsewhere.status_code == 201


async def test_updating_personal_data_needs_the_current_version(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    url = f"/beneficiaries/{beneficiary_id}"
    change = {"personal_data": {"phone": "+39 340 0000000"}, "languages": ["fr"]}
    updated = await client.patch(url, json=change, headers={**OPERATOR, "If-Match": '"1"'})
    assert updated.status_code == 200, updated.text
    assert updated.headers["ETag"] == '"2"'
    stale = await client.patch(url, json=change, headers={**OPERATOR, "If-Match": '"1"'})
    assert stale.status_code == 412
    body = (await client.get(url, headers=OPERATOR)).json()
    assert body["personal_data"]["phone"] == "+39 340 0000000"
    assert body["personal_data"]["family_names"] == "Diallo"
    assert body["languages"] == ["fr"]


async def test_erasure_leaves_the_counts_and_shows_the_data_as_erased(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    url = f"/beneficiaries/{beneficiary_id}"
    erased = await client.delete(f"{url}/personal-data", headers=COORDINATOR)
    assert erased.status_code == 200, erased.text
    body = (await client.get(url, headers=OPERATOR)).json()
    assert (body["erased"], body["personal_data"], body["birth_year"]) == (True, None, 1994)
    assert (await client.patch(url, json={"sex": "male"}, headers=OPERATOR)).status_code == 409
    again = await client.post("/beneficiaries", json=new_beneficiary(), headers=OPERATOR)
    assert again.status_code == 201
