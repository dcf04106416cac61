import httpx

from .conftest import COORDINATOR, OPERATOR, Register, auth


def complaint(beneficiary_id: str, **extra: str) -> dict[str, str]:
    return {
        "beneficiary_id": beneficiary_id,
        "category": "service_quality",
        "channel": "desk",
        "text": "waited four hours at the desk with a small child",
        **extra,
    }


async def test_a_complaint_is_routed_to_the_coordinator_and_answered(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    received = await client.post("/complaints", json=complaint(beneficiary_id), headers=OPERATOR)
    assert received.status_code == 201, received.text
    assert received.json()["text"] is None  # write answers never carry personal data
    complaint_id = received.json()["complaint_id"]
    waiting = await client.get("/complaints?status=open", headers=COORDINATOR)
    assert [c["text"] for c in waiting.json()["items"]] == [
        "waited four hours at the desk with a small child"
    ]
    url = f"/complaints/{complaint_id}/answer"
    reply = {"resolution": "upheld", "answer": "an extra desk opens on Mondays"}
    assert (await client.post(url, json=reply, headers=OPERATOR)).status_code == 403
    answered = await client.post(url, json=reply, headers=COORDINATOR)
    assert answered.status_code == 200, answered.text
    assert (await client.post(url, json=reply, headers=COORDINATOR)).status_code == 409
    seen = (await client.get(f"/complaints/{complaint_id}", headers=COORDINATOR)).json()
    assert (seen["status"], seen["answer"], seen["answered_by"]) == (
        "answered",
        "an extra desk opens on Mondays",
        "coord-1",
    )
    audited = (await client.get(f"/complaints/{complaint_id}", headers=auth("auditor"))).json()
    assert (audited["text"], audited["resolution"]) == (None, "upheld")


async def test_complaints_stay_within_their_municipality(
    client: httpx.AsyncClient, register: Register
) -> None:
    beneficiary_id = await register()
    roma = auth("operator", "roma")
    assert (
        await client.post("/complaints", json=complaint(beneficiary_id), headers=roma)
    ).status_code == 404
    received = await client.post("/complaints", json=complaint(beneficiary_id), headers=OPERATOR)
    complaint_id = received.json()["complaint_id"]
    roma_coordinator = auth("coordinator", "roma")
    assert (
        await client.get(f"/complaints/{complaint_id}", headers=roma_coordinator)
    ).status_code == 404
    assert (await client.get("/complaints", headers=roma_coordinator)).json()["items"] == []


async def test_an_invalid_complaint_is_a_422_and_writes_nothing(
    client: httpx.AsyncClient, open_case: Register, register: Register
) -> None:
    beneficiary_id = await register()
    other_case = await open_case(given="Other")
    for body in (
        complaint(beneficiary_id, category="weather"),
        complaint(beneficiary_id, text=""),
        complaint(beneficiary_id, case_id=other_case),
    ):
        refused = await client.post("/complaints", json=body, headers=OPERATOR)
        assert refused.status_code == 422, refused.text
    assert (await client.get("/complaints", headers=COORDINATOR)).json()["items"] == []
