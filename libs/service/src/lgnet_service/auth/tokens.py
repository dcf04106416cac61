"""Bearer token verification: RS256 against an identity provider's JWKS, or HS256 for development.

Every refusal becomes the same 401: the reason is logged for operators, never told to callers.
"""

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import jwt

from lgnet_service.auth.principal import InvalidClaims, Principal, Role
from lgnet_service.errors import ProblemError

log = logging.getLogger(__name__)

DEV_ISSUER = "lgnet-dev"
DEV_AUDIENCE = "lgnet"
DEFAULT_LEEWAY = timedelta(seconds=30)
MIN_SECRET_BYTES = 32
REQUIRED_CLAIMS = ("sub", "roles", "municipalities", "exp", "iss", "aud")


def invalid_token() -> ProblemError:
    return ProblemError(
        401,
        "Unauthorized",
        "invalid or expired token",
        headers={"WWW-Authenticate": 'Bearer realm="lgnet", error="invalid_token"'},
        code="unauthenticated",
    )


def keys_unavailable() -> ProblemError:
    # The identity provider is down and the key is not cached: not the caller's fault.
    return ProblemError(
        503, "Service Unavailable", "token keys unavailable", code="auth-unavailable"
    )


class KeySource(Protocol):
    algorithm: str
    #: whether ``key_for`` may wait on the network (then verification runs in a thread)
    blocking: bool

    def key_for(self, header: Mapping[str, Any]) -> Any: ...


class SecretKey:
    """HS256 with a shared secret: development and tests only."""

    algorithm = "HS256"
    blocking = False

    def __init__(self, secret: str) -> None:
        if len(secret.encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"the token secret must be at least {MIN_SECRET_BYTES} bytes long")
        self._secret = secret

    def key_for(self, header: Mapping[str, Any]) -> Any:
        return self._secret


class JwksKeys:
    """RS256 public keys from a JWKS URL, cached; an unknown ``kid`` refreshes the set once."""

    algorithm = "RS256"
    blocking = True

    def __init__(
        self, url: str, *, lifespan: float, refresh_cooldown: float, timeout: float
    ) -> None:
        self._client = jwt.PyJWKClient(
            url, lifespan=lifespan, cooldown_duration=refresh_cooldown, timeout=timeout
        )

    def key_for(self, header: Mapping[str, Any]) -> Any:
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise jwt.InvalidTokenError("no kid")
        key = self._client.get_signing_key(kid)
        if key.key_type != "RSA":
            raise jwt.InvalidKeyError("not an RSA key")
        return key.key


class TokenVerifier:
    """Turns a bearer token into a :class:`Principal`, or raises a 401 problem.

    Verification may fetch the JWKS over the network (blocking): call it from a thread
    when :attr:`blocking` says so (a shared secret never blocks).
    """

    def __init__(
        self, keys: KeySource, *, issuer: str, audience: str, leeway: timedelta = DEFAULT_LEEWAY
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway

    @classmethod
    def with_secret(
        cls, secret: str, *, issuer: str = DEV_ISSUER, audience: str = DEV_AUDIENCE
    ) -> "TokenVerifier":
        return cls(SecretKey(secret), issuer=issuer, audience=audience)

    @classmethod
    def with_jwks(
        cls,
        url: str,
        *,
        issuer: str,
        audience: str,
        lifespan: float = 300.0,
        refresh_cooldown: float = 30.0,
        timeout: float = 5.0,
    ) -> "TokenVerifier":
        keys = JwksKeys(url, lifespan=lifespan, refresh_cooldown=refresh_cooldown, timeout=timeout)
        return cls(keys, issuer=issuer, audience=audience)

    @property
    def blocking(self) -> bool:
        return self._keys.blocking

    def verify(self, token: str) -> Principal:
        try:
            return self._verify(token)
        except jwt.PyJWKClientConnectionError as error:
            log.warning("token keys unavailable: %s", error)
            raise keys_unavailable() from None
        except (jwt.PyJWTError, InvalidClaims) as error:
            log.info("bearer token refused: %s: %s", type(error).__name__, error)
            raise invalid_token() from None

    def _verify(self, token: str) -> Principal:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self._keys.algorithm:
            raise jwt.InvalidAlgorithmError(f"alg {header.get('alg')!r} is not accepted")
        claims = jwt.decode(
            token,
            self._keys.key_for(header),
            algorithms=[self._keys.algorithm],
            audience=self._audience,
            issuer=self._issuer,
            leeway=self._leeway,
            options={"require": list(REQUIRED_CLAIMS)},
        )
        return _principal(claims)


def _principal(claims: Mapping[str, Any]) -> Principal:
    sub, roles, municipalities = claims["sub"], claims["roles"], claims["municipalities"]
    if not isinstance(sub, str) or not sub.strip():
        raise InvalidClaims("sub must be a non-empty string")
    if not _is_list_of_str(roles) or not _is_list_of_str(municipalities):
        raise InvalidClaims("roles and municipalities must be lists of strings")
    return Principal.from_claims(sub, roles, municipalities)


def _is_list_of_str(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def mint_dev_token(
    secret: str,
    sub: str,
    roles: list[Role] | tuple[Role, ...],
    municipalities: list[str] | tuple[str, ...],
    *,
    issuer: str = DEV_ISSUER,
    audience: str = DEV_AUDIENCE,
    ttl: timedelta = timedelta(hours=8),
) -> str:
    """An HS256 token for ``lgnet token`` and tests; checked like any other when presented."""
    Principal.from_claims(sub, roles, municipalities)
    now = datetime.now(UTC)
    claims = {
        "sub": sub,
        "roles": list(roles),
        "municipalities": list(municipalities),
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, SecretKey(secret).key_for({}), algorithm=SecretKey.algorithm)


def configured_verifier(
    *, jwks_url: str | None, secret: str | None, issuer: str, audience: str
) -> TokenVerifier:
    """From settings: a JWKS URL means production (RS256), else the development secret."""
    if jwks_url:
        return TokenVerifier.with_jwks(jwks_url, issuer=issuer, audience=audience)
    if secret:
        return TokenVerifier.with_secret(secret, issuer=issuer, audience=audience)
    raise ValueError("configure a JWKS URL (production) or an HS256 secret (development)")
