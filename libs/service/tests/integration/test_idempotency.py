import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from lgnet_service.app import create_service_app
from lgnet_service.errors import conflict
from lgnet_service.idempotency import IdempotencyDep, install_idempotency_schema
from lgnet_service.settings import ServiceSettings

from ..conftest import Serve

pytestmark = pytest.mark.integration


class NewNote(BaseModel):
    text: str


class Notes:
    """A command route that writes a row per run and counts how often it ran."""

    def __init__(self) -> None:
        self.runs = 0
        self.router = APIRouter()
        self.router.post("/notes", status_code=201)(self.add_note)

    async def add_note(
        self, note: NewNote, once: IdempotencyDep, x_actor: Annotated[str, Header()]
    ) -> Response:
        async def command(conn: AsyncConnection) -> Response:
            self.runs += 1
            if note.text == "clash":
                raise conflict("refused")
            await asyncio.sleep(0.05)  # lets a concurrent duplicate arrive mid-command
            number = await conn.scalar(
                text("INSERT INTO notes (text) VALUES (:t) RETURNING id"), {"t": note.text}
            )
            return JSONResponse({"id": number}, status_code=201, headers={"ETag": f'"{number}"'})

        return await once.run(x_actor, command)


@pytest.fixture
async def notes_db(engine: AsyncEngine) -> AsyncEngine:
    async with engine.begin() as conn:
        await conn.run_sync(install_idempotency_schema)
        await conn.execute(text("CREATE TABLE notes (id serial PRIMARY KEY, text text)"))
    return engine


async def post(
    client: httpx.AsyncClient, body: dict[str, str], key: str | None = "k-1", actor: str = "ada"
) -> httpx.Response:
    headers = {"X-Actor": actor} | ({"Idempotency-Key": key} if key else {})
    return await client.post("/notes", json=body, headers=headers)


async def note_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text("SELECT count(*) FROM notes")) or 0)


@pytest.fixture
def notes() -> Notes:
    return Notes()


@pytest.fixture
async def client(
    notes_db: AsyncEngine, database_url: str, notes: Notes, serve: Serve
) -> AsyncIterator[httpx.AsyncClient]:
    settings = ServiceSettings(service="intake", database_url=database_url)
    app = create_service_app("intake", settings, routers=[notes.router])
    async with serve(app) as client:
        yield client


async def test_a_retry_with_the_same_key_replays_the_first_response_without_running_again(
    client: httpx.AsyncClient, notes: Notes, notes_db: AsyncEngine
) -> None:
    first = await post(client, {"text": "hello"})
    again = await post(client, {"text": "hello"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert notes.runs == 1
    assert await note_count(notes_db) == 1


async def test_the_same_body_written_differently_is_the_same_request(
    client: httpx.AsyncClient, notes: Notes
) -> None:
    await post(client, {"text": "hello"})
    again = await client.post(
        "/notes",
        content=b'{ "text" :  "hello" }',
        headers={"X-Actor": "ada", "Idempotency-Key": "k-1", "content-type": "application/json"},
    )
    assert again.headers["idempotent-replayed"] == "true"
    assert notes.runs == 1


async def test_the_same_key_with_another_body_is_a_422_problem(
    client: httpx.AsyncClient, notes: Notes
) -> None:
    await post(client, {"text": "hello"})
    response = await post(client, {"text": "goodbye"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert notes.runs == 1


async def test_keys_belong_to_one_actor(client: httpx.AsyncClient, notes: Notes) -> None:
    await post(client, {"text": "hello"}, actor="ada")
    other = await post(client, {"text": "hello"}, actor="grace")
    assert "idempotent-replayed" not in other.headers
    assert notes.runs == 2


async def test_without_a_key_every_request_runs(client: httpx.AsyncClient, notes: Notes) -> None:
    await post(client, {"text": "hello"}, key=None)
    await post(client, {"text": "hello"}, key=None)
    assert notes.runs == 2


async def test_a_refused_command_is_not_remembered_and_may_be_retried(
    client: httpx.AsyncClient, notes: Notes
) -> None:
    assert (await post(client, {"text": "clash"})).status_code == 409
    assert (await post(client, {"text": "clash"})).status_code == 409
    assert notes.runs == 2


async def test_concurrent_duplicates_run_once_and_both_get_the_first_response(
    client: httpx.AsyncClient, notes: Notes, notes_db: AsyncEngine
) -> None:
    one, two = await asyncio.gather(post(client, {"text": "hi"}), post(client, {"text": "hi"}))
    assert one.json() == two.json()
    assert {one.headers.get("idempotent-replayed"), two.headers.get("idempotent-replayed")} == {
        None,
        "true",
    }
    assert notes.runs == 1
    assert await note_count(notes_db) == 1


async def age_keys(engine: AsyncEngine, hours: float) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE idempotency_keys SET created_at = now() - make_interval(hours => :h)"),
            {"h": hours},
        )


async def test_a_retry_with_an_expired_key_is_a_new_request(
    client: httpx.AsyncClient, notes: Notes, notes_db: AsyncEngine
) -> None:
    first = await post(client, {"text": "hello"})
    await age_keys(notes_db, 25)
    again = await post(client, {"text": "hello"})
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert again.json() != first.json()
    assert notes.runs == 2
    third = await post(client, {"text": "hello"})
    assert third.headers["idempotent-replayed"] == "true"
    assert third.json() == again.json()


async def test_an_expired_key_may_be_reused_with_another_body(
    client: httpx.AsyncClient, notes: Notes, notes_db: AsyncEngine
) -> None:
    await post(client, {"text": "hello"})
    await age_keys(notes_db, 25)
    other = await post(client, {"text": "goodbye"})
    assert other.status_code == 201
    assert notes.runs == 2


async def test_a_key_younger_than_the_retention_still_replays(
    client: httpx.AsyncClient, notes: Notes, notes_db: AsyncEngine
) -> None:
    await post(client, {"text": "hello"})
    await age_keys(notes_db, 23)
    again = await post(client, {"text": "hello"})
    assert again.headers["idempotent-replayed"] == "true"
    assert notes.runs == 1


async def test_the_retention_is_a_setting(
    notes_db: AsyncEngine, database_url: str, notes: Notes, serve: Serve
) -> None:
    settings = ServiceSettings(
        service="intake", database_url=database_url, idempotency_retention_hours=1
    )
    app = create_service_app("intake", settings, routers=[notes.router])
    async with serve(app) as client:
        await post(client, {"text": "hello"})
        await age_keys(notes_db, 2)
        again = await post(client, {"text": "hello"})
    assert "idempotent-replayed" not in again.headers
    assert notes.runs == 2
