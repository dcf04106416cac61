from collections.abc import AsyncIterator
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI

from lgnet_service.errors import ProblemError
from lgnet_service.pagination import Page, PageDep, decode_cursor, encode_cursor
from lgnet_service.problems import install_problem_handlers

NUMBERS = list(range(1, 8))


def build_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/numbers")
    async def numbers(page: PageDep) -> Page[int]:
        after = int(page.after["after"]) if page.after else 0
        items = [n for n in NUMBERS if n > after][: page.limit]
        more = items and items[-1] < NUMBERS[-1]
        return page.page(items, {"after": items[-1]} if more else None)

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def test_a_cursor_decodes_to_the_position_it_was_made_from() -> None:
    position = {"after": ["2026-03-01T10:00:00+00:00", "0190b7a0-0000-7000-8000-000000000001"]}
    cursor = encode_cursor(position)
    assert "=" not in cursor
    assert decode_cursor(cursor) == position


def test_values_without_a_json_form_travel_as_strings() -> None:
    some_id = UUID("0190b7a0-0000-7000-8000-000000000001")
    assert decode_cursor(encode_cursor({"id": some_id})) == {"id": str(some_id)}


@pytest.mark.parametrize("cursor", ["not base64!", "bm90IGpzb24", "WzEsMl0"])
def test_a_cursor_that_is_not_ours_is_refused_on_the_cursor_field(cursor: str) -> None:
    with pytest.raises(ProblemError) as refused:
        decode_cursor(cursor)
    assert refused.value.status == 422
    assert refused.value.errors[0].field == "query.cursor"


async def test_following_next_cursor_walks_the_whole_list(client: httpx.AsyncClient) -> None:
    seen: list[int] = []
    params: dict[str, str | int] = {"limit": 3}
    while True:
        page = (await client.get("/numbers", params=params)).json()
        seen += page["items"]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == NUMBERS


async def test_an_invalid_cursor_is_a_422_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/numbers", params={"cursor": "garbage"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.cursor"


@pytest.mark.parametrize("limit", [0, 201])
async def test_a_limit_outside_1_to_200_is_a_422_problem(
    client: httpx.AsyncClient, limit: int
) -> None:
    response = await client.get("/numbers", params={"limit": limit})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.limit"


async def test_the_default_limit_is_50(client: httpx.AsyncClient) -> None:
    assert len((await client.get("/numbers")).json()["items"]) == len(NUMBERS)
