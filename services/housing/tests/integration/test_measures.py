from decimal import Decimal
from typing import Any

import httpx
import pytest

from .conftest import OPERATOR, Register, auth

pytestmark = pytest.mark.integration


def measure(beneficiary_id: str, amount: Any = "350.50", **extra: Any) -> dict[str, Any]:
    return {
        "beneficiary_id": beneficiary_id,
        "kind": "rent_contribution",
        "amount_eur": amount,
        "months": 6,
        "start_date": "2026-05-01",
        **extra,
    }


async def grant(client: httpx.AsyncClient, body: dict[str, Any], headers: Any = OPERATOR) -> Any:
    response = await client.post("/support-measures", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_measure_keeps_its_euro_amount_to_the_cent(
    client: httpx.AsyncClient, known: Register
) -> None:
    granted = await grant(client, measure(await known(), "1234.56"))
    assert granted["amount_eur"] == "1234.56"
    assert (granted["kind"], granted["months"], granted["status"]) == (
        "rent_contribution",
        6,
        "active",
    )


async def test_totals_add_up_exactly_per_beneficiary_and_municipality(
    client: httpx.AsyncClient, known: Register
) -> None:
    amina, omar = await known(), await known()
    for person, amount in ((amina, "0.10"), (amina, "0.20"), (omar, "100.05")):
        await grant(client, measure(person, amount))
    roma = auth("operator", "roma")
    await grant(client, measure(await known("roma"), "999.99"), roma)
    both = auth("operator", "bologna", "roma")
    everything = (await client.get("/support-measures", headers=both)).json()["totals"]
    assert Decimal(everything["amount_eur"]) == Decimal("1100.34")
    assert (everything["measures"], everything["beneficiaries"]) == (4, 3)
    assert [
        (t["municipality"], Decimal(t["amount_eur"])) for t in everything["by_municipality"]
    ] == [
        ("bologna", Decimal("100.35")),
        ("roma", Decimal("999.99")),
    ]
    one = await client.get("/support-measures", params={"beneficiary_id": amina}, headers=OPERATOR)
    assert Decimal(one.json()["totals"]["amount_eur"]) == Decimal("0.30")
    assert len(one.json()["items"]) == 2


async def test_totals_cover_the_whole_filter_not_only_the_page(
    client: httpx.AsyncClient, known: Register
) -> None:
    person = await known()
    for _ in range(3):
        await grant(client, measure(person, "10.00"))
    page = (await client.get("/support-measures", params={"limit": 1}, headers=OPERATOR)).json()
    assert len(page["items"]) == 1
    assert page["next_cursor"] is not None
    assert Decimal(page["totals"]["amount_eur"]) == Decimal("30.00")


async def test_a_caller_sees_only_their_municipalities_totals(
    client: httpx.AsyncClient, known: Register
) -> None:
    await grant(client, measure(await known("roma"), "50.00"), auth("operator", "roma"))
    totals = (await client.get("/support-measures", headers=OPERATOR)).json()["totals"]
    assert (totals["measures"], Decimal(totals["amount_eur"]), totals["by_municipality"]) == (
        0,
        Decimal("0"),
        [],
    )


async def test_ending_a_measure_keeps_it_in_the_totals(
    client: httpx.AsyncClient, known: Register
) -> None:
    granted = await grant(client, measure(await known(), "75.00"))
    ended = await client.post(
        f"/support-measures/{granted['measure_id']}/end",
        json={"end_date": "2026-07-31"},
        headers={**OPERATOR, "If-Match": '"1"'},
    )
    assert ended.status_code == 200, ended.text
    assert (ended.json()["status"], ended.json()["end_reason"]) == ("ended", "completed")
    again = await client.post(
        f"/support-measures/{granted['measure_id']}/end",
        json={"end_date": "2026-08-31"},
        headers=OPERATOR,
    )
    assert again.status_code == 409
    listed = await client.get("/support-measures", params={"status": "ended"}, headers=OPERATOR)
    assert Decimal(listed.json()["totals"]["amount_eur"]) == Decimal("75.00")


async def test_amounts_that_are_not_euro_with_cents_are_refused(
    client: httpx.AsyncClient, known: Register
) -> None:
    person = await known()
    for amount in ("12.345", 0.125, "-1.00", "abc", "1000000.01", None):
        response = await client.post(
            "/support-measures", json=measure(person, amount), headers=OPERATOR
        )
        assert response.status_code == 422, amount
        assert [e["field"] for e in response.json()["errors"]] == ["body.amount_eur"]
    assert (await client.get("/support-measures", headers=OPERATOR)).json()["items"] == []


async def test_a_measure_for_an_unknown_or_foreign_beneficiary_is_refused(
    client: httpx.AsyncClient, known: Register
) -> None:
    for beneficiary_id in (await known("roma"), "0196f0c2-0000-7000-8000-000000000009"):
        response = await client.post(
            "/support-measures", json=measure(beneficiary_id), headers=OPERATOR
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "body.beneficiary_id", "reason": "unknown beneficiary"}
        ]


async def test_an_erased_beneficiary_is_granted_nothing_new_but_stays_counted(
    client: httpx.AsyncClient, known: Register, erase: Register
) -> None:
    person = await known()
    await grant(client, measure(person, "20.00"))
    await erase(person)
    refused = await client.post("/support-measures", json=measure(person), headers=OPERATOR)
    assert refused.status_code == 422
    totals = (await client.get("/support-measures", headers=OPERATOR)).json()["totals"]
    assert (totals["beneficiaries"], Decimal(totals["amount_eur"])) == (1, Decimal("20.00"))
