"""Optimistic concurrency over HTTP (DESIGN 8): ``ETag: "<stream_version>"`` out,
``If-Match`` in; a stale one is a 412 raised by the event store's conflict check."""

from typing import Annotated

from fastapi import Depends, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from lgnet_service.errors import precondition_failed


async def if_match_version(
    if_match: Annotated[str | None, Header(description='"<version>" from the ETag')] = None,
) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise precondition_failed(f"If-Match {if_match!r} is not a version this API gave out")
    return int(tag)


IfMatch = Annotated[int | None, Depends(if_match_version)]


def versioned(
    body: BaseModel, version: int, status: int = 200, location: str | None = None
) -> JSONResponse:
    """*body* as JSON with its ``ETag`` (and ``Location`` for a creation)."""
    headers = {"ETag": f'"{version}"'}
    if location:
        headers["Location"] = location
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)
