"""FastAPI dependencies of intake's routes: the service, the caller, versions."""

import logging
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from intake.bootstrap import Intake
from intake.handlers.unit import Caller
from lgnet_service.auth import Principal, Role, require_roles

access_log = logging.getLogger("intake.access")

#: Who may work cases and see personal data in their municipalities.
CASEWORKERS: tuple[Role, ...] = ("operator", "coordinator")
#: Who may read records without personal data.
READERS: tuple[Role, ...] = ("operator", "coordinator", "auditor")


async def get_intake(request: Request) -> Intake:
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
