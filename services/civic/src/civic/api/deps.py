"""FastAPI dependencies of civic's routes: the service, the caller, versions."""

from typing import Annotated

from fastapi import Depends, Request

from civic.bootstrap import Civic
from civic.handlers.unit import Caller
from lgnet_service.auth import Principal, Role, require_roles

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
