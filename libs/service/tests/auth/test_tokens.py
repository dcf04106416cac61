"""HS256 (development) verification, and the defects every verifier refuses."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from lgnet_service.auth import Principal, TokenVerifier, configured_verifier, mint_dev_token
from lgnet_service.auth.testing import claims
from lgnet_service.errors import ProblemError

SECRET = "a-development-secret-of-at-least-32-bytes"
OTHER_SECRET = "another-secret-that-is-also-32-bytes-long"
AGO = datetime.now(UTC) - timedelta(minutes=5)
SOON = datetime.now(UTC) + timedelta(minutes=5)


def hs256(token_claims: dict[str, Any], secret: str = SECRET) -> str:
    return jwt.encode(token_claims, secret, algorithm="HS256")


def unsigned(token_claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    body = {**token_claims, "exp": int(SOON.timestamp()), "nbf": int(AGO.timestamp())}
    body.pop("iat")
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(body)}."


DEFECTS: dict[str, str] = {
    "expired": hs256(claims(exp=AGO)),
    "not yet valid": hs256(claims(nbf=SOON)),
    "wrong audience": hs256(claims(aud="someone-else")),
    "wrong issuer": hs256(claims(iss="evil-issuer")),
    "wrong signature": hs256(claims(), OTHER_SECRET),
    "alg none": unsigned(claims()),
    "garbage": "not-a-jwt",
    "missing sub": hs256(claims(sub=None)),
    "missing roles": hs256(claims(roles=None)),
    "missing municipalities": hs256(claims(municipalities=None)),
    "missing exp": hs256(claims(exp=None)),
    "missing iss": hs256(claims(iss=None)),
    "missing aud": hs256(claims(aud=None)),
    "empty sub": hs256(claims(sub="")),
    "unknown role": hs256(claims(roles=["superuser"])),
    "roles as a string": hs256(claims(roles="operator")),
    "no roles": hs256(claims(roles=[])),
    "unknown municipality": hs256(claims(municipalities=["paris"])),
    "star mixed with codes": hs256(claims(municipalities=["*", "roma"])),
    "municipalities as a string": hs256(claims(municipalities="*")),
}


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier.with_secret(SECRET)


@pytest.mark.parametrize("token", DEFECTS.values(), ids=DEFECTS.keys())
def test_a_defective_token_gets_the_same_generic_401(verifier: TokenVerifier, token: str) -> None:
    with pytest.raises(ProblemError) as refused:
        verifier.verify(token)

    assert refused.value.status == 401
    assert refused.value.detail == "invalid or expired token"
    assert refused.value.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_development_token_yields_its_principal(verifier: TokenVerifier) -> None:
    token = mint_dev_token(SECRET, "anna", ["coordinator"], ["roma", "napoli"])

    assert verifier.verify(token) == Principal.from_claims(
        "anna", ["coordinator"], ["roma", "napoli"]
    )


def test_a_token_expired_within_the_leeway_is_still_accepted(verifier: TokenVerifier) -> None:
    just_expired = datetime.now(UTC) - timedelta(seconds=5)

    assert verifier.verify(hs256(claims(exp=just_expired))).sub == "operator-1"


def test_an_audience_list_containing_ours_is_accepted(verifier: TokenVerifier) -> None:
    assert verifier.verify(hs256(claims(aud=["account", "lgnet"]))).sub == "operator-1"


def test_minting_refuses_roles_that_do_not_exist() -> None:
    with pytest.raises(ValueError, match="roles"):
        mint_dev_token(SECRET, "x", ["superuser"], ["roma"])  # type: ignore[list-item]


def test_a_short_secret_is_refused_at_configuration() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        TokenVerifier.with_secret("short")


def test_minted_tokens_carry_the_configured_issuer_and_lifetime() -> None:
    token = mint_dev_token(SECRET, "x", ["admin"], ["*"], ttl=timedelta(minutes=1))
    decoded = jwt.decode(token, SECRET, algorithms=["HS256"], audience="lgnet")

    assert decoded["iss"] == "lgnet-dev"
    assert decoded["exp"] - decoded["iat"] == 60


def test_a_verifier_needs_a_jwks_url_or_a_secret() -> None:
    with pytest.raises(ValueError, match="JWKS URL"):
        configured_verifier(jwks_url=None, secret=None, issuer="i", audience="a")


def test_a_configured_secret_gives_a_development_verifier() -> None:
    verifier = configured_verifier(jwks_url=None, secret=SECRET, issuer="i", audience="a")
    token = mint_dev_token(SECRET, "x", ["admin"], ["*"], issuer="i", audience="a")

    assert verifier.verify(token).sub == "x"
