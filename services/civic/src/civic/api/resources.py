"""What every civic resource does alike: present a row, read one, list a page, run a write."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from fastapi import Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from civic.api.deps import caller_of
from civic.bootstrap import Civic
from civic.handlers.unit import Unit
from civic.views import Filter, View
from lgnet_events.repository import Saved
from lgnet_service.auth import Principal, ensure_visible
from lgnet_service.errors import FieldError, not_found, unprocessable
from lgnet_service.idempotency import IdempotentRequest
from lgnet_service.pagination import Page, PageRequest
from lgnet_service.versions import versioned

M = TypeVar("M", bound=BaseModel)
Decision = Callable[[Unit], Awaitable[Saved]]


@dataclass(frozen=True, slots=True)
class Resource(Generic[M]):
    name: str
    path: str
    view: View
    out: type[M]

    async def present(self, conn: AsyncConnection, key: UUID) -> M:
        row = await self.view.one(conn, key)
        if row is None:
            raise not_found(self.name)
        return self.out.model_validate(dict(row))

    async def read(self, engine: AsyncEngine, principal: Principal, key: UUID) -> Response:
        async with engine.connect() as conn:
            out = await self.present(conn, key)
        ensure_visible(principal, str(getattr(out, "municipality", "")), self.name)
        return versioned(out, int(getattr(out, "version", 0)))

    async def list(self, engine: AsyncEngine, where: Filter, page: PageRequest) -> Page[M]:
        async with engine.connect() as conn:
            rows = await self.view.page(conn, where, _after(page.after), page.limit)
        items = [self.out.model_validate(dict(row)) for row in rows[: page.limit]]
        more = len(rows) > page.limit
        last = str(getattr(items[-1], self.view.key)) if more else None
        return page.page(items, {"after": last} if last else None)

    async def write(
        self,
        civic: Civic,
        once: IdempotentRequest,
        principal: Principal,
        request: Request,
        decide: Decision,
        status: int = 200,
    ) -> Response:
        """Run *decide* in one transaction (idempotently) and answer with the new state."""

        async def command(conn: AsyncConnection) -> Response:
            saved = await decide(civic.unit(conn, caller_of(principal, request)))
            body = await self.present(conn, saved.stream_id)
            location = f"{self.path}/{saved.stream_id}" if status == 201 else None
            return versioned(body, saved.version, status, location)

        return await once.run(principal.sub, command)


def _after(position: dict[str, Any] | None) -> UUID | None:
    if position is None:
        return None
    try:
        return UUID(str(position["after"]))
    except (KeyError, ValueError):
        raise unprocessable(
            "the cursor is not valid", [FieldError("query.cursor", "not ours")]
        ) from None
