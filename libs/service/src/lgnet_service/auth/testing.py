"""Test support: an RSA signing key, a real local JWKS endpoint, and a token signer.

Not for production code paths: it exists so tests can exercise RS256 the way an
identity provider would, over HTTP, without a mock.
"""

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from lgnet_service.auth.tokens import DEV_AUDIENCE, DEV_ISSUER


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey = field(repr=False)

    @classmethod
    def generate(cls, kid: str) -> "SigningKey":
        return cls(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def jwk(self) -> dict[str, Any]:
        public: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**public, "kid": self.kid, "alg": "RS256", "use": "sig"}

    def sign(self, claims: Mapping[str, Any]) -> str:
        return jwt.encode(dict(claims), self.private, algorithm="RS256", headers={"kid": self.kid})


@dataclass
class JwksServer:
    """The key set it serves can change while it runs (key rotation); it counts fetches."""

    keys: list[SigningKey] = field(default_factory=list)
    fetches: int = 0
    url: str = ""

    def document(self) -> bytes:
        self.fetches += 1
        return json.dumps({"keys": [key.jwk() for key in self.keys]}).encode()


@contextmanager
def serve_jwks(server: JwksServer) -> Iterator[JwksServer]:
    """Serve the keys at ``http://127.0.0.1:<free port>/jwks.json`` until the block ends."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}/jwks.json"
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _handler(server: JwksServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = server.document()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def claims(**overrides: Any) -> dict[str, Any]:
    """Valid claims for an operator in Bologna; override or drop (``name=None``) any of them."""
    now = datetime.now(UTC)
    base: dict[str, Any] = {
        "sub": "operator-1",
        "roles": ["operator"],
        "municipalities": ["bologna"],
        "iss": DEV_ISSUER,
        "aud": DEV_AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=10),
    }
    merged = {**base, **overrides}
    return {name: value for name, value in merged.items() if value is not None}
