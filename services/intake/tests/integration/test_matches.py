from typing import Any

import httpx

from .conftest import OPERATOR, Register, auth


def query(given: str, family: str, born: str = "1994-03-12", **extra: Any) -> dict[str, Any]:
    return {"given_names": given, "family_names": family, "birth_date": born, **extra}


async def test_a_person_written_differently_is_proposed_before_registering_again(
    client: httpx.AsyncClient, register: Register
) -> None:
    existing = await register(given="Mohammed", family="Kowalenko")
    found = await client.post(
        "/beneficiaries/matches", json=query("Muhammad", "Коваленко"), headers=OPERATOR
    )
    assert found.status_code == 200, found.text
    assert found.json()["matches"] == [
        {
            "beneficiary_id": existing,
            "municipality": "bologna",
            "kind": "similar_names_and_birth_date",
        }
    ]
    assert found.json()["elsewhere"] is False
    other_day = await client.post(
        "/beneficiaries/matches",
        json=query("Muhammad", "Kovalenko", "1994-03-13"),
        headers=OPERATOR,
    )
    assert other_day.json()["matches"] == []


async def test_a_match_in_another_municipality_is_only_said_to_exist(
    client: httpx.AsyncClient, register: Register
) -> None:
    await register(given="Yonas", family="Tesfay")
    roma = auth("operator", "roma")
    found = await client.post(
        "/beneficiaries/matches", json=query("Jonas", "Tesfaye"), headers=roma
    )
    assert found.json() == {
        "matches": [],
        "elsewhere": True,
        "advice": "a possible match exists in another municipality: ask your coordinator",
    }


async def test_the_same_document_number_is_a_match_whatever_the_names(
    client: httpx.AsyncClient, register: Register
) -> None:
    existing = await register(given="Amina", family="Diallo")
    document = {"kind": "passport", "number": "xk 1234567"}
    found = await client.post(
        "/beneficiaries/matches",
        json=query("Aminata", "Bah", "1990-01-01", identity_document=document),
        headers=OPERATOR,
    )
    assert [(m["beneficiary_id"], m["kind"]) for m in found.json()["matches"]] == [
        (existing, "same_document")
    ]


async def test_erasure_removes_the_match_keys(
    client: httpx.AsyncClient, register: Register
) -> None:
    existing = await register(given="Olena", family="Shevchenko")
    erased = await client.delete(f"/beneficiaries/{existing}/personal-data", headers=OPERATOR)
    assert erased.status_code == 200, erased.text
    found = await client.post(
        "/beneficiaries/matches", json=query("Olena", "Shevchenko"), headers=OPERATOR
    )
    assert found.json()["matches"] == []
