"""FastAPI dependencies: who is calling, may they do this, may they see that.

Wiring: ``install_auth(app, verifier)`` puts the :class:`TokenVerifier` in
``app.state.token_verifier``; routes then ask for ``CurrentPrincipal`` or
``Depends(require_roles(...))``. Routes that declare neither stay public.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from lgnet_service.auth.principal import Principal, Role
from lgnet_service.auth.tokens import TokenVerifier
from lgnet_service.errors import forbidden, not_found, unauthenticated

_bearer = HTTPBearer(auto_error=False, description="JWT with sub, roles, municipalities")


def install_auth(app: FastAPI, verifier: TokenVerifier) -> None:
    app.state.token_verifier = verifier


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller; in a thread when the verifier may fetch a JWKS (it blocks)."""
    if credentials is None or not credentials.credentials:
        raise unauthenticated()
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:  # a deployment without LGNET_AUTH_JWKS_URL or a secret admits nobody
        raise unauthenticated()
    if verifier.blocking:
        return await run_in_threadpool(verifier.verify, credentials.credentials)
    return verifier.verify(credentials.credentials)


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting callers holding any of ``roles``; others get 403."""

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any(*roles):
            raise forbidden()
        return principal

    return dependency


def ensure_visible(principal: Principal, municipality: str, what: str = "resource") -> None:
    """Another municipality's resource answers 404, exactly like one that does not exist."""
    if not principal.can_see(municipality):
        raise not_found(what)


def actor_of(principal: Principal) -> str:
    """The ``actor`` recorded on the events this caller causes."""
    return principal.sub
