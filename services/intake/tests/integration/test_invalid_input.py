from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.schema import events

from .conftest import OPERATOR, new_beneficiary


def with_personal(**changes: Any) -> dict[str, Any]:
    body = new_beneficiary()
    body["personal_data"] = {**body["personal_data"], **changes}
    return body


def without(field: str) -> dict[str, Any]:
    body = new_beneficiary()
    del body[field]
    return body


BAD_BENEFICIARIES = {
    "missing field": (without("sex"), "body.sex"),
    "wrong enum": ({**new_beneficiary(), "sex": "robot"}, "body.sex"),
    "unknown municipality": ({**new_beneficiary(), "municipality": "paris"}, "body.municipality"),
    "wrong type": ({**new_beneficiary(), "languages": "fr"}, "body.languages"),
    "oversized string": (with_personal(given_names="x" * 5000), "body.personal_data.given_names"),
    "bad date": (with_personal(birth_date="1994-13-45"), "body.personal_data.birth_date"),
    "unknown field": ({**new_beneficiary(), "religion": "x"}, "body.religion"),
    "bad nationality": ({**new_beneficiary(), "nationality": "Senegal"}, "body.nationality"),
}


async def count_events(db: AsyncEngine) -> int:
    async with db.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(events)) or 0)


@pytest.mark.parametrize(
    ("body", "field"), BAD_BENEFICIARIES.values(), ids=BAD_BENEFICIARIES.keys()
)
async def test_an_invalid_registration_is_a_422_problem_naming_the_field_and_writes_nothing(
    client: httpx.AsyncClient, db: AsyncEngine, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/beneficiaries", json=body, headers=OPERATOR)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert await count_events(db) == 0


async def test_malformed_json_is_a_400_problem_and_writes_nothing(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    response = await client.post(
        "/beneficiaries",
        content=b'{"municipality": "bologna",',
        headers={**OPERATOR, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"
    assert await count_events(db) == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/cases", {"beneficiary_id": "not-a-uuid", "channel": "mobile_unit"}),
        ("/cases", {"beneficiary_id": "0190a000-0000-7000-8000-000000000000", "channel": "bus"}),
        ("/cases/0190a000-0000-7000-8000-000000000000/support", {"kind": "legal", "minutes": -3}),
        ("/cases/not-a-uuid/close", {"outcome": "autonomy_reached"}),
    ],
)
async def test_invalid_case_commands_are_422_problems(
    client: httpx.AsyncClient, db: AsyncEngine, path: str, body: dict[str, Any]
) -> None:
    response = await client.post(path, json=body, headers=OPERATOR)
    assert response.status_code in (403, 422), response.text
    assert response.json()["errors"] or response.status_code == 403
    assert await count_events(db) == 0


async def test_a_request_without_a_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/beneficiaries", json=new_beneficiary())
    assert response.status_code == 401
