"""FastAPI dependencies of intake's routes: the service, the caller, versions."""

import logging
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from intake.bootstrap import Intake
from intake.handlers.unit import Caller
from lgnet_service.auth import Principal, Role, require_roles
from lgnet_service.errors import precondition_failed

access_log = logging.getLogger("intake.access")

#: Who may work cases and see personal data in their municipalities.
CASEWORKERS: tuple[Role, ...] = ("operator", "coordinator")
#: Who may read records without personal data.
READERS: tuple[Role, ...] = ("operator", "coordinator", "auditor")


def get_intake(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


IntakeDep = Annotated[Intake, Depends(get_intake)]
Caseworker = Annotated[Principal, Depends(require_roles(*CASEWORKERS))]
Coordinator = Annotated[Principal, Depends(require_roles("coordinator"))]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]


def caller_of(principal: Principal, request: Request) -> Caller:
    return Caller(
        actor=principal.sub,
        municipalities=frozenset(principal.municipalities),
        traceparent=request.headers.get("traceparent"),
    )


def sees_personal_data(principal: Principal) -> bool:
    return principal.has_any(*CASEWORKERS)


def log_personal_data_read(principal: Principal, beneficiary_id: UUID, what: str) -> None:
    """Every read of personal data is recorded: who, whose, which — never the data."""
    access_log.info(
        "personal data read",
        extra={"actor": principal.sub, "beneficiary_id": str(beneficiary_id), "what": what},
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
