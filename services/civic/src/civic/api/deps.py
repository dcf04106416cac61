"""FastAPI dependencies of civic's routes: the service, the caller, versions."""

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from civic.bootstrap import Civic
from civic.handlers.unit import Caller
from lgnet_service.auth import Principal, Role, require_roles
from lgnet_service.errors import precondition_failed

#: Who works candidates, individual projects and activities in their municipalities.
WORKERS: tuple[Role, ...] = ("operator", "coordinator")
#: Who may read civic's records (none of them holds personal data in clear).
READERS: tuple[Role, ...] = ("operator", "coordinator", "auditor")


def get_civic(request: Request) -> Civic:
    civic: Civic = request.app.state.civic
    return civic


CivicDep = Annotated[Civic, Depends(get_civic)]
Worker = Annotated[Principal, Depends(require_roles(*WORKERS))]
Coordinator = Annotated[Principal, Depends(require_roles("coordinator"))]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]


def caller_of(principal: Principal, request: Request) -> Caller:
    return Caller(
        actor=principal.sub,
        municipalities=frozenset(principal.municipalities),
        traceparent=request.headers.get("traceparent"),
    )


def if_match_version(
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
    headers = {"ETag": f'"{version}"'}
    if location:
        headers["Location"] = location
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)
