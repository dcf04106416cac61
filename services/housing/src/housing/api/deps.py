"""FastAPI dependencies of housing's routes: the service, the caller, versions."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request

from housing.bootstrap import Housing
from housing.handlers.work import Caller
from lgnet_service.auth import Principal, Role, require_roles
from lgnet_service.errors import FieldError, unprocessable

#: Who may place people and grant measures in their municipalities.
CASEWORKERS: tuple[Role, ...] = ("operator", "coordinator")
#: Who may read housing records (none of them holds personal data).
READERS: tuple[Role, ...] = ("operator", "coordinator", "auditor")


def get_housing(request: Request) -> Housing:
    housing: Housing = request.app.state.housing
    return housing


HousingDep = Annotated[Housing, Depends(get_housing)]
Caseworker = Annotated[Principal, Depends(require_roles(*CASEWORKERS))]
Coordinator = Annotated[Principal, Depends(require_roles("coordinator"))]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]


def caller_of(principal: Principal, request: Request) -> Caller:
    return Caller(
        actor=principal.sub,
        municipalities=frozenset(principal.municipalities),
        traceparent=request.headers.get("traceparent"),
    )


def after_id(position: dict[str, Any] | None) -> UUID | None:
    """The id a list cursor points after."""
    if position is None:
        return None
    try:
        return UUID(str(position["after"]))
    except (KeyError, ValueError):
        raise unprocessable(
            "the cursor is not valid", [FieldError("query.cursor", "not a cursor of this list")]
        ) from None
