from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from intake.projections import TABLES, rebuild
from lgnet_events.catalog import default_registry

from .conftest import COORDINATOR, OPERATOR, Register


async def snapshot(db: AsyncEngine) -> list[list[dict[str, Any]]]:
    async with db.connect() as conn:
        return [
            [dict(r) for r in (await conn.execute(select(t).order_by(*t.primary_key))).mappings()]
            for t in TABLES
        ]


async def test_rebuilding_the_read_models_from_the_store_gives_the_same_rows(
    client: httpx.AsyncClient, db: AsyncEngine, open_case: Register
) -> None:
    first = await open_case()
    second = await open_case(given="Omar", family="Sy")
    url = f"/cases/{first}"
    await client.post(
        f"{url}/support",
        json={"kind": "legal", "date": "2026-05-04", "minutes": 20},
        headers=OPERATOR,
    )
    referral = await client.post(
        f"{url}/referrals", json={"target": "education", "note": "school"}, headers=OPERATOR
    )
    referral_id = referral.json()["referrals"][0]["referral_id"]
    await client.post(
        f"{url}/referrals/{referral_id}/outcome",
        json={"outcome": "declined", "reason": "full"},
        headers=OPERATOR,
    )
    await client.post(
        f"/cases/{second}/close", json={"outcome": "lost_contact"}, headers=COORDINATOR
    )
    person = (await client.get(f"/cases/{second}", headers=OPERATOR)).json()["beneficiary_id"]
    await client.delete(f"/beneficiaries/{person}/personal-data", headers=OPERATOR)
    before = await snapshot(db)
    async with db.begin() as conn:
        replayed = await rebuild(conn, default_registry())
    assert replayed == 9
    assert await snapshot(db) == before
    assert len(before[0]) == 2
