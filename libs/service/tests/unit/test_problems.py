from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

from lgnet_service.body_limit import BodySizeLimit
from lgnet_service.errors import conflict
from lgnet_service.problems import PROBLEM_JSON, install_problem_handlers


class People(BaseModel):
    names: list[str] = Field(min_length=1)
    age: int


def build_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_body_bytes=100)

    @app.post("/people")
    async def add_people(people: People, limit: int = Query(10, ge=1)) -> dict[str, int]:
        return {"count": len(people.names)}

    @app.post("/conflict")
    async def clash() -> None:
        raise conflict("the unit has no free bed", code="overbooked")

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError("password=hunter2 at db.internal:5432")

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def fields(response: httpx.Response) -> dict[str, str]:
    return {e["field"]: e["reason"] for e in response.json()["errors"]}


async def test_an_invalid_body_names_each_field_and_why(client: httpx.AsyncClient) -> None:
    response = await client.post("/people?limit=0", json={"names": ["Ada", 7]})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert {"type", "title", "status", "detail", "instance", "errors"} <= body.keys()
    assert body["status"] == 422
    assert body["instance"] == "/people"
    assert fields(response) == {
        "body.names.1": "Input should be a valid string",
        "body.age": "Field required",
        "query.limit": "Input should be greater than or equal to 1",
    }


async def test_malformed_json_is_a_bad_request_that_says_so(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/people", content=b'{"names": [', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "not valid JSON" in fields(response)["body"]


async def test_a_problem_error_keeps_its_status_and_code(client: httpx.AsyncClient) -> None:
    response = await client.post("/conflict")
    assert response.status_code == 409
    assert response.json() == {
        "type": "/problems/overbooked",
        "title": "Conflict",
        "status": 409,
        "detail": "the unit has no free bed",
        "instance": "/conflict",
        "errors": [],
    }


async def test_an_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["type"] == "/problems/not-found"


async def test_a_wrong_method_is_a_405_problem_naming_the_allowed_ones(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/people")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["detail"] == "GET is not allowed on /people"


async def test_a_crash_is_a_500_problem_that_reveals_nothing(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = await client.get("/crash")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["type"] == "/problems/internal"
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    assert any(r.exc_info and "hunter2" in str(r.exc_info[1]) for r in caplog.records)


async def test_a_declared_body_over_the_limit_is_refused_with_413(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/people", json={"names": ["x" * 200], "age": 3})
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["detail"] == "the request body is larger than 100 bytes"


async def test_a_streamed_body_over_the_limit_is_refused_with_413(
    client: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"names": ["'
        for _ in range(10):
            yield b"x" * 20
        yield b'"], "age": 3}'

    response = await client.post(
        "/people", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/content-too-large"
