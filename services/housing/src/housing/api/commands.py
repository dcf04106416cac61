"""Running a command route: one idempotent transaction, the written resource as the answer."""

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from housing import views
from housing.api.deps import caller_of
from housing.bootstrap import Housing
from housing.handlers.work import Work
from lgnet_events.repository import Saved
from lgnet_service.auth import Principal
from lgnet_service.errors import not_found
from lgnet_service.idempotency import IdempotentRequest
from lgnet_service.versions import versioned

Decision = Callable[[Work], Awaitable[Saved]]


async def run(
    housing: Housing,
    once: IdempotentRequest,
    principal: Principal,
    request: Request,
    decide: Decision,
    shown_as: tuple[Table, type[BaseModel], str],
    status: int = 200,
) -> Response:
    """``shown_as``: the read model, the response model, and the collection path."""
    table, model, collection = shown_as

    async def command(conn: AsyncConnection) -> Response:
        saved = await decide(housing.work(conn, caller_of(principal, request)))
        row = await views.one(conn, table, saved.stream_id)
        if row is None:
            raise not_found()
        location = f"{collection}/{saved.stream_id}" if status == 201 else None
        return versioned(model.model_validate(dict(row)), saved.version, status, location)

    return await once.run(principal.sub, command)
