"""``Idempotency-Key`` on POST: a retry gets the first response back and changes nothing.

A route hands its work to ``IdempotentRequest.run``, which opens the transaction, claims the
key, runs the command with the connection and stores the response in that same transaction,
so the events and the remembered response commit (or vanish) together::

    @router.post("/units", status_code=201)
    async def register_unit(body: NewUnit, once: IdempotencyDep, actor: CurrentActor) -> Response:
        async def command(conn: AsyncConnection) -> Response:
            version = await store.append(conn, envelopes, 0)
            return JSONResponse(payload, status_code=201, headers={"ETag": f'"{version}"'})

        return await once.run(actor.sub, command)

Only responses that commit are remembered: a command that raises (409, 422…) rolls back and
may be retried with the same key. A concurrent duplicate waits on the key's row lock, then
replays.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql import ColumnElement

from lgnet_service.errors import FieldError, unprocessable
from lgnet_service.runtime import EngineDep

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"

metadata = MetaData()

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("request", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("status", Integer),
    Column("body", LargeBinary),
    Column("headers", JSONB),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("actor", "key", name="idempotency_keys_pkey"),
)

Command = Callable[[AsyncConnection], Awaitable[Response]]


def install_idempotency_schema(conn: Connection) -> None:
    """Create ``idempotency_keys`` (idempotent); called by a service's first migration."""
    metadata.create_all(conn)


def fingerprint(method: str, path: str, body: bytes) -> str:
    """The same JSON written with other spacing or key order is the same request."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(f"{method} {path}\n".encode() + canonical).hexdigest()


class IdempotentRequest:
    def __init__(self, engine: AsyncEngine, request: Request, key: str | None) -> None:
        self.engine, self.request, self.key = engine, request, key

    async def run(self, actor: str, command: Command) -> Response:
        """Run *command* in a transaction, once per (actor, key); replay it otherwise."""
        async with self.engine.begin() as conn:
            if self.key is None:
                return await command(conn)
            replay = await self._claim(conn, actor)
            if replay is not None:
                return replay
            response = await command(conn)
            await self._remember(conn, actor, response)
            return response

    async def _claim(self, conn: AsyncConnection, actor: str) -> Response | None:
        digest = fingerprint(self.request.method, self.request.url.path, await self.request.body())
        claimed = await conn.execute(
            pg_insert(idempotency_keys)
            .values(key=self.key, actor=actor, request=self._target(), fingerprint=digest)
            .on_conflict_do_nothing()
            .returning(idempotency_keys.c.key)
        )
        if claimed.first() is not None:
            return None
        stored = (await conn.execute(select(idempotency_keys).where(*self._row(actor)))).one()
        if stored.fingerprint != digest:
            raise unprocessable(
                f"{HEADER} was already used for a different request",
                [FieldError(f"header.{HEADER}", "already used with another body or path")],
            )
        return replayed(stored.status, stored.body, stored.headers)

    async def _remember(self, conn: AsyncConnection, actor: str, response: Response) -> None:
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        await conn.execute(
            update(idempotency_keys)
            .where(*self._row(actor))
            .values(status=response.status_code, body=bytes(response.body), headers=headers)
        )

    def _row(self, actor: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
        return idempotency_keys.c.actor == actor, idempotency_keys.c.key == self.key

    def _target(self) -> str:
        return f"{self.request.method} {self.request.url.path}"


def replayed(status: int, body: bytes, headers: dict[str, str]) -> Response:
    return Response(body, status_code=status, headers={**headers, REPLAYED: "true"})


def idempotent_request(
    request: Request,
    engine: EngineDep,
    idempotency_key: Annotated[
        str | None, Header(alias=HEADER, min_length=1, max_length=200, description="retry safely")
    ] = None,
) -> IdempotentRequest:
    return IdempotentRequest(engine, request, idempotency_key)


IdempotencyDep = Annotated[IdempotentRequest, Depends(idempotent_request)]
