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

A key is remembered for ``LGNET_IDEMPOTENCY_RETENTION_HOURS`` (24 by default): a retry after
that is a new request, whether or not ``lgnet_service.idempotency_purge`` has deleted the row yet.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    Interval,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    cast,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql import ColumnElement

from lgnet_service.errors import FieldError, unprocessable
from lgnet_service.runtime import EngineDep, SettingsDep

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
DEFAULT_RETENTION = timedelta(hours=24)
CREATED_AT_INDEX = "idempotency_keys_created_at_idx"

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
    Index(CREATED_AT_INDEX, "created_at"),
)

Command = Callable[[AsyncConnection], Awaitable[Response]]


def install_idempotency_schema(conn: Connection) -> None:
    """Create ``idempotency_keys`` (idempotent); called by a service's first migration."""
    metadata.create_all(conn)


def install_created_at_index(conn: Connection) -> None:
    """The index the purge of expired keys reads; a migration adds it to an older database."""
    conn.execute(
        text(f"CREATE INDEX IF NOT EXISTS {CREATED_AT_INDEX} ON idempotency_keys (created_at)")
    )


def fingerprint(method: str, path: str, body: bytes) -> str:
    """The same JSON written with other spacing or key order is the same request."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    return hashlib.sha256(f"{method} {path}\n".encode() + canonical).hexdigest()


class IdempotentRequest:
    def __init__(
        self,
        engine: AsyncEngine,
        request: Request,
        key: str | None,
        retention: timedelta = DEFAULT_RETENTION,
    ) -> None:
        self.engine, self.request, self.key = engine, request, key
        self.retention = retention

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
        while True:  # again only when the purge deleted the expired key meanwhile
            if await self._insert(conn, actor, digest):
                return None
            if await self._reclaim_expired(conn, actor, digest):
                return None
            found = await conn.execute(select(idempotency_keys).where(*self._row(actor)))
            stored = found.first()
            if stored is not None:
                break
        if stored.fingerprint != digest:
            raise unprocessable(
                f"{HEADER} was already used for a different request",
                [FieldError(f"header.{HEADER}", "already used with another body or path")],
            )
        return replayed(stored.status, stored.body, stored.headers)

    async def _insert(self, conn: AsyncConnection, actor: str, digest: str) -> bool:
        claimed = await conn.execute(
            pg_insert(idempotency_keys)
            .values(key=self.key, actor=actor, request=self._target(), fingerprint=digest)
            .on_conflict_do_nothing()
            .returning(idempotency_keys.c.key)
        )
        return claimed.first() is not None

    async def _reclaim_expired(self, conn: AsyncConnection, actor: str, digest: str) -> bool:
        """A key older than the retention is claimed afresh, as if it had never been used."""
        reclaimed = await conn.execute(
            update(idempotency_keys)
            .where(*self._row(actor), idempotency_keys.c.created_at < expiry_cutoff(self.retention))
            .values(
                request=self._target(),
                fingerprint=digest,
                status=None,
                body=None,
                headers=None,
                created_at=func.now(),
            )
            .returning(idempotency_keys.c.key)
        )
        return reclaimed.first() is not None

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


def expiry_cutoff(retention: timedelta) -> ColumnElement[datetime]:
    """``now() - retention``, on the database's clock (the one ``created_at`` is written with)."""
    return func.now() - cast(literal(retention, Interval()), Interval())


def replayed(status: int, body: bytes, headers: dict[str, str]) -> Response:
    return Response(body, status_code=status, headers={**headers, REPLAYED: "true"})


async def idempotent_request(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    idempotency_key: Annotated[
        str | None, Header(alias=HEADER, min_length=1, max_length=200, description="retry safely")
    ] = None,
) -> IdempotentRequest:
    retention = timedelta(hours=settings.idempotency_retention_hours)
    return IdempotentRequest(engine, request, idempotency_key, retention)


IdempotencyDep = Annotated[IdempotentRequest, Depends(idempotent_request)]
