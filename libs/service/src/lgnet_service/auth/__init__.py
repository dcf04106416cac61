"""Authentication and authorisation: bearer tokens, roles, municipality scoping (DESIGN 7)."""

from lgnet_service.auth.dependencies import (
    CurrentPrincipal,
    actor_of,
    authenticate,
    ensure_visible,
    install_auth,
    require_roles,
)
from lgnet_service.auth.principal import (
    ALL_MUNICIPALITIES,
    ROLES,
    InvalidClaims,
    Principal,
    Role,
)
from lgnet_service.auth.tokens import (
    DEV_AUDIENCE,
    DEV_ISSUER,
    TokenVerifier,
    configured_verifier,
    invalid_token,
    mint_dev_token,
)

__all__ = [
    "ALL_MUNICIPALITIES",
    "DEV_AUDIENCE",
    "DEV_ISSUER",
    "ROLES",
    "CurrentPrincipal",
    "InvalidClaims",
    "Principal",
    "Role",
    "TokenVerifier",
    "actor_of",
    "authenticate",
    "configured_verifier",
    "ensure_visible",
    "install_auth",
    "invalid_token",
    "mint_dev_token",
    "require_roles",
]
