"""RS256 against a real JWKS endpoint served over HTTP on 127.0.0.1."""

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from lgnet_service.auth import TokenVerifier
from lgnet_service.auth.testing import JwksServer, SigningKey, claims, serve_jwks
from lgnet_service.errors import ProblemError

CURRENT = SigningKey.generate("key-2026-01")
NEXT = SigningKey.generate("key-2026-02")
STRANGER = SigningKey.generate("key-2026-01")


@pytest.fixture
def jwks() -> Iterator[JwksServer]:
    with serve_jwks(JwksServer(keys=[CURRENT])) as server:
        yield server


@pytest.fixture
def verifier(jwks: JwksServer) -> TokenVerifier:
    return TokenVerifier.with_jwks(
        jwks.url, issuer="lgnet-dev", audience="lgnet", refresh_cooldown=0
    )


def hs256_with_public_key(token_claims: dict[str, Any]) -> str:
    """The classic confusion attack: HMAC keyed with the server's public RSA key."""
    pem = CURRENT.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    def part(value: dict[str, Any]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(value, default=str).encode()).rstrip(b"=")

    head = part({"alg": "HS256", "typ": "JWT", "kid": CURRENT.kid})
    body = part({**token_claims, "exp": 4102444800, "nbf": 0, "iat": 0})
    signature = hmac.new(pem, head + b"." + body, hashlib.sha256).digest()
    return b".".join([head, body, base64.urlsafe_b64encode(signature).rstrip(b"=")]).decode()


DEFECTS: dict[str, str] = {
    "HS256 presented to an RS256 verifier": hs256_with_public_key(claims()),
    "HS256 with a shared secret": jwt.encode(
        claims(), "a-development-secret-of-at-least-32-bytes", algorithm="HS256"
    ),
    "unknown kid": NEXT.sign(claims()),
    "right kid, wrong key": STRANGER.sign(claims()),
    "no kid": jwt.encode(claims(), CURRENT.private, algorithm="RS256"),
    "wrong audience": CURRENT.sign(claims(aud="other")),
    "unknown role": CURRENT.sign(claims(roles=["root"])),
}


@pytest.mark.parametrize("token", DEFECTS.values(), ids=DEFECTS.keys())
def test_a_defective_rs256_token_gets_401(verifier: TokenVerifier, token: str) -> None:
    with pytest.raises(ProblemError) as refused:
        verifier.verify(token)

    assert refused.value.status == 401
    assert refused.value.detail == "invalid or expired token"


def test_a_token_signed_by_the_identity_provider_yields_its_principal(
    verifier: TokenVerifier,
) -> None:
    principal = verifier.verify(CURRENT.sign(claims(sub="kc-123", municipalities=["*"])))

    assert principal.sub == "kc-123"
    assert principal.sees_all


def test_the_key_set_is_fetched_once_and_then_cached(
    verifier: TokenVerifier, jwks: JwksServer
) -> None:
    for _ in range(3):
        verifier.verify(CURRENT.sign(claims()))

    assert jwks.fetches == 1


def test_a_rotated_in_key_is_accepted_after_one_refresh(
    verifier: TokenVerifier, jwks: JwksServer
) -> None:
    verifier.verify(CURRENT.sign(claims()))
    jwks.keys = [CURRENT, NEXT]

    assert verifier.verify(NEXT.sign(claims(sub="rotated"))).sub == "rotated"
    assert jwks.fetches == 2


def test_an_unknown_kid_refreshes_the_set_only_once(
    verifier: TokenVerifier, jwks: JwksServer
) -> None:
    with pytest.raises(ProblemError):
        verifier.verify(NEXT.sign(claims()))

    assert jwks.fetches == 2


def test_an_unreachable_identity_provider_is_a_503_not_a_401() -> None:
    with serve_jwks(JwksServer(keys=[CURRENT])) as server:
        url = server.url
    verifier = TokenVerifier.with_jwks(url, issuer="lgnet-dev", audience="lgnet", timeout=1)

    with pytest.raises(ProblemError) as refused:
        verifier.verify(CURRENT.sign(claims()))

    assert refused.value.status == 503
