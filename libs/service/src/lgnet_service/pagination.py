"""Lists as pages: ``?limit=&cursor=`` in, ``{items, next_cursor}`` out (DESIGN 8).

A cursor is opaque to clients: urlsafe base64 of a small JSON object the route chose,
typically the sort key of the last item returned (``{"after": [created_at, id]}``).
"""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

from lgnet_service.errors import FieldError, unprocessable

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(position: dict[str, Any]) -> str:
    """UUIDs, dates and such become strings: the route converts them back on decode."""
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True, default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The position inside *cursor*; a 422 problem on ``query.cursor`` if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError):
        position = None
    if not isinstance(position, dict):
        raise unprocessable(
            "the cursor is not valid",
            [FieldError("query.cursor", "not a cursor returned by this list; start without one")],
        )
    return position


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int
    after: dict[str, Any] | None

    def page(self, items: list[T], position_of_last: dict[str, Any] | None) -> Page[T]:
        """A page of *items*; pass the last item's position when more may follow."""
        cursor = encode_cursor(position_of_last) if position_of_last is not None else None
        return Page(items=items, next_cursor=cursor)


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


async def page_request(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PageRequest:
    return PageRequest(limit, decode_cursor(cursor) if cursor else None)


PageDep = Annotated[PageRequest, Depends(page_request)]
