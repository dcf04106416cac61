"""A service started with ``LGNET_ENV=production`` refuses development keys (DESIGN 7).

Production verifies RS256 tokens against the identity provider's JWKS; the HS256 secret
exists for laptops and tests only, and a master key anyone can read in this repository
(the all-zero key of ``docker-compose.yml``) protects nothing.
"""

import base64
import binascii

from lgnet_service.settings import ServiceSettings

DEV_ISSUER = "lgnet-dev"
#: fewer distinct bytes than this in 32 is not a random key (a random one has about 30)
MIN_DISTINCT_KEY_BYTES = 16


class NotFitForProduction(RuntimeError):
    """The settings carry development keys, or lack production ones."""


def production_problems(settings: ServiceSettings) -> list[str]:
    """What keeps *settings* from production; empty when none (or when not in production)."""
    if settings.env != "production":
        return []
    problems: list[str] = []
    if settings.auth_hs256_secret is not None:
        problems.append("LGNET_AUTH_HS256_SECRET is set: development tokens would be accepted")
    if not settings.auth_jwks_url:
        problems.append("LGNET_AUTH_JWKS_URL is missing: set the identity provider's JWKS URL")
    elif not settings.auth_jwks_url.startswith("https://"):
        problems.append("LGNET_AUTH_JWKS_URL must be an https:// URL")
    if settings.auth_issuer == DEV_ISSUER:
        problems.append("LGNET_AUTH_ISSUER is the development issuer 'lgnet-dev'")
    if settings.master_key is not None and _weak_key(settings.master_key.get_secret_value()):
        problems.append("LGNET_MASTER_KEY is a development or non-random key")
    return problems


def ensure_fit_for_production(settings: ServiceSettings) -> None:
    problems = production_problems(settings)
    if problems:
        raise NotFitForProduction("refusing to start in production: " + "; ".join(problems))


def _weak_key(text: str) -> bool:
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_"))
    except (binascii.Error, ValueError):
        return False  # malformed keys are refused by the vault with a clearer message
    return len(set(raw)) < MIN_DISTINCT_KEY_BYTES
