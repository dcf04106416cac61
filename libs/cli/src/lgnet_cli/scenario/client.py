"""HTTP to the four services: bounded concurrency, a token per identity, safe retries.

Every POST carries an ``Idempotency-Key``; a transport error or a 5xx is retried with the same
key until ``retry_for`` runs out. So a service killed mid-request and restarted answers the
retry with the first response if the command had committed, or runs it once if it had not:
what the ground truth records is exactly what the services kept.
"""

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import httpx

from lgnet_service.auth.principal import Role
from lgnet_service.auth.tokens import mint_dev_token

RETRIED_STATUS = frozenset({500, 502, 503, 504})
CONCURRENT_WRITE = "/problems/concurrent-write"


class Tokens(Protocol):
    def token(self, role: Role, municipality: str) -> str: ...


class MintedTokens:
    """One operator and one coordinator per municipality, signed with the stack's secret."""

    def __init__(self, secret: str, ttl: timedelta = timedelta(hours=2)) -> None:
        self._secret, self._ttl = secret, ttl
        self._cache: dict[tuple[Role, str], str] = {}

    def token(self, role: Role, municipality: str) -> str:
        key = (role, municipality)
        if key not in self._cache:
            sub = f"seed-{role}-{municipality}"
            self._cache[key] = mint_dev_token(
                self._secret, sub, [role], [municipality], ttl=self._ttl
            )
        return self._cache[key]


@dataclass(frozen=True)
class OneToken:
    """A single token for every identity (the dev token of ``lgnet dev up``)."""

    value: str

    def token(self, role: Role, municipality: str) -> str:
        return self.value


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def __getitem__(self, key: str) -> Any:
        return self.body[key]

    @property
    def worth_retrying(self) -> bool:
        """A server failure, or a write that lost a race on its stream: nothing was kept."""
        if self.status in RETRIED_STATUS:
            return True
        return isinstance(self.body, dict) and self.body.get("type") == CONCURRENT_WRITE

    def brief(self) -> str:
        if isinstance(self.body, dict):
            return f"{self.status} {self.body.get('detail') or self.body.get('title', '')}"
        return str(self.status)


class Mesh:
    """The services by name (``intake``, ``housing``, ``civic``, ``reporting``)."""

    def __init__(
        self,
        urls: dict[str, str],
        tokens: Tokens,
        concurrency: int = 8,
        retry_for: float = 120.0,
        #: told the service's name at each retry
        on_retry: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.urls, self.tokens, self.retry_for = urls, tokens, retry_for
        self.on_retry = on_retry
        self._slots = asyncio.Semaphore(concurrency)
        self._http = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def post(self, service: str, path: str, body: Any, role: Role, scope: str) -> Answer:
        """POST as *role* of the municipality *scope*, with a fresh ``Idempotency-Key``."""
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        return await self._send("POST", service, path, role, scope, body, headers)

    async def get(
        self, service: str, path: str, role: Role, scope: str, params: dict[str, Any] | None = None
    ) -> Answer:
        query = {k: v for k, v in (params or {}).items() if v is not None}
        return await self._send("GET", service, path, role, scope, params=query)

    async def _send(
        self,
        method: str,
        service: str,
        path: str,
        role: Role,
        scope: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Answer:
        url = self.urls[service] + path
        auth = {"Authorization": f"Bearer {self.tokens.token(role, scope)}"}
        deadline, pause = time.monotonic() + self.retry_for, 0.2
        while True:
            try:
                async with self._slots:
                    reply = await self._http.request(
                        method, url, json=body, params=params, headers={**auth, **(headers or {})}
                    )
                answer = Answer(reply.status_code, _json(reply))
                if not answer.worth_retrying:
                    return answer
                failure = f"{service} answered {answer.brief()}"
            except httpx.TransportError as error:
                failure = f"{service}: {type(error).__name__}"
            if time.monotonic() > deadline:
                raise ServiceUnreachable(f"{method} {path}: {failure} for {self.retry_for:.0f}s")
            self.on_retry(service)
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)


class ServiceUnreachable(RuntimeError):
    """A service kept failing for longer than the client was willing to retry."""


def _json(reply: httpx.Response) -> Any:
    try:
        return reply.json()
    except ValueError:
        return reply.text
