from typing import Any

import httpx

from .conftest import COORDINATOR, OPERATOR, Register, auth, new_beneficiary, new_case


def without_form_consent(**consents: Any) -> dict[str, Any]:
    body = new_beneficiary()
    body["personal_data"]["consent"] = {"purposes": ["contact"], "given_on": "2026-05-02"}
    body["personal_data"]["given_names"] = f"Consent {id(consents)}"
    body["consents"] = [{"purpose": "case_work", "given_on": "2026-05-02"}]
    return body


async def open_case_without_referral_consent(client: httpx.AsyncClient) -> tuple[str, str]:
    registered = await client.post("/beneficiaries", json=without_form_consent(), headers=OPERATOR)
    assert registered.status_code == 201, registered.text
    beneficiary_id = registered.json()["beneficiary_id"]
    opened = await client.post("/cases", json=new_case(beneficiary_id), headers=OPERATOR)
    assert opened.status_code == 201, opened.text
    return beneficiary_id, opened.json()["case_id"]


def consent(body: dict[str, Any], purpose: str) -> dict[str, Any]:
    return next(c for c in body["consents"] if c["purpose"] == purpose)


async def test_a_referral_to_housing_without_consent_is_refused_with_the_reason(
    client: httpx.AsyncClient,
) -> None:
    _, case_id = await open_case_without_referral_consent(client)
    refused = await client.post(
        f"/cases/{case_id}/referrals", json={"target": "housing"}, headers=OPERATOR
    )
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/consent-missing"
    assert "no consent for referral_housing" in refused.json()["detail"]
    case = (await client.get(f"/cases/{case_id}", headers=OPERATOR)).json()
    assert case["referrals"] == []


async def test_consent_given_then_withdrawn_opens_and_closes_referrals(
    client: httpx.AsyncClient,
) -> None:
    beneficiary_id, case_id = await open_case_without_referral_consent(client)
    url = f"/beneficiaries/{beneficiary_id}/consents"
    given = await client.post(
        url, json={"purpose": "referral_civic", "given_on": "2026-05-03"}, headers=OPERATOR
    )
    assert given.status_code == 201, given.text
    referred = await client.post(
        f"/cases/{case_id}/referrals", json={"target": "civic"}, headers=OPERATOR
    )
    assert referred.status_code == 201, referred.text
    withdrawn = await client.post(f"{url}/referral_civic/withdrawal", headers=OPERATOR)
    assert withdrawn.status_code == 200, withdrawn.text
    person = (await client.get(f"/beneficiaries/{beneficiary_id}", headers=OPERATOR)).json()
    assert consent(person, "referral_civic")["valid"] is False
    assert "withdrawn" in consent(person, "referral_civic")["reason"]
    assert consent(person, "case_work")["valid"] is True


async def test_an_expired_consent_refuses_sharing_with_external_services(
    client: httpx.AsyncClient,
) -> None:
    beneficiary_id, case_id = await open_case_without_referral_consent(client)
    expired = {"purpose": "external_sharing", "given_on": "2025-01-01", "expires_on": "2025-12-31"}
    given = await client.post(
        f"/beneficiaries/{beneficiary_id}/consents", json=expired, headers=COORDINATOR
    )
    assert given.status_code == 201, given.text
    refused = await client.post(
        f"/cases/{case_id}/referrals", json={"target": "legal_aid"}, headers=OPERATOR
    )
    assert refused.status_code == 409
    assert "expired on 2025-12-31" in refused.json()["detail"]


async def test_the_forms_referral_consent_is_recorded_per_purpose_and_visible_to_the_auditor(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    seen = await client.get(f"/beneficiaries/{beneficiary_id}", headers=auth("auditor"))
    purposes = {c["purpose"] for c in seen.json()["consents"] if c["valid"]}
    assert purposes == {"case_work", "referral_housing", "referral_civic", "external_sharing"}
    assert seen.json()["personal_data"] is None


async def test_invalid_consent_is_a_422_and_writes_nothing(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    url = f"/beneficiaries/{beneficiary_id}/consents"
    backwards = {"purpose": "statistics", "given_on": "2026-05-03", "expires_on": "2026-05-01"}
    for body in (backwards, {"purpose": "marketing", "given_on": "2026-05-03"}):
        refused = await client.post(url, json=body, headers=OPERATOR)
        assert refused.status_code == 422, refused.text
    never = await client.post(f"{url}/statistics/withdrawal", headers=OPERATOR)
    assert never.status_code == 409
    person = await client.get(f"/beneficiaries/{beneficiary_id}", headers=OPERATOR)
    assert person.json()["version"] == 1
    assert "statistics" not in {c["purpose"] for c in person.json()["consents"]}


async def test_another_municipalitys_beneficiary_consent_is_not_found(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    refused = await client.post(
        f"/beneficiaries/{beneficiary_id}/consents",
        json={"purpose": "statistics", "given_on": "2026-05-03"},
        headers=auth("operator", "roma"),
    )
    assert refused.status_code == 404
