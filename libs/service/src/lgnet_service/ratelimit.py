"""Rate limiting of writes per caller (OWASP API4): a token bucket per verified ``sub``.

Every POST, PUT, PATCH and DELETE of a service's routers takes one token from its caller's
bucket. A bucket holds ``writes_per_minute`` tokens and refills continuously at that rate,
so a caller may burst up to a minute's allowance and then keeps the steady rate. An empty
bucket answers **429** with ``Retry-After`` (whole seconds until one token is back).

The buckets live in the memory of one process: with several replicas behind a load
balancer the effective limit is the per-process limit times the replicas, and a restart
forgets them. That bounds abuse by a stolen or runaway token; it is not a quota.

The key is the *verified* subject: a forged token cannot drain someone else's bucket (a
request without a valid token is left to the route, which answers 401). Configure with
``LGNET_RATE_LIMIT_WRITES_PER_MINUTE``; 0 turns the limit off.
"""

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.security.utils import get_authorization_scheme_param
from starlette.concurrency import run_in_threadpool

from lgnet_service.auth.tokens import TokenVerifier
from lgnet_service.errors import ProblemError

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: generous: the scenario generator, the demo seed and the tests are never throttled
DEFAULT_WRITES_PER_MINUTE = 6000
#: buckets not touched for this long are full again anyway, and are forgotten
IDLE_SECONDS = 600.0

Clock = Callable[[], float]


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class WriteLimiter:
    """Token buckets keyed by subject; thread-safe (auth runs in worker threads)."""

    writes_per_minute: int
    clock: Clock = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def per_second(self) -> float:
        return self.writes_per_minute / 60.0

    def take(self, subject: str) -> float:
        """Take one token for *subject*: 0 when granted, else seconds until one is back."""
        now = self.clock()
        with self._lock:
            self._forget_idle(now)
            bucket = self._buckets.setdefault(subject, _Bucket(self.writes_per_minute, now))
            bucket.tokens = min(
                self.writes_per_minute, bucket.tokens + (now - bucket.updated) * self.per_second
            )
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.per_second

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < 1024:
            return
        idle = [s for s, b in self._buckets.items() if now - b.updated > IDLE_SECONDS]
        for subject in idle:
            del self._buckets[subject]


def too_many_writes(wait_seconds: float) -> ProblemError:
    retry_after = max(1, math.ceil(wait_seconds))
    return ProblemError(
        429,
        "Too Many Requests",
        "too many writes with this token: slow down and retry later",
        headers={"Retry-After": str(retry_after)},
        code="rate-limited",
    )


def install_rate_limit(app_state: object, writes_per_minute: int) -> None:
    """Put a :class:`WriteLimiter` in ``app.state.write_limiter`` (none when the limit is 0)."""
    limiter = WriteLimiter(writes_per_minute) if writes_per_minute > 0 else None
    app_state.write_limiter = limiter  # type: ignore[attr-defined]


async def throttle_writes(request: Request) -> None:
    """Router dependency: one token per write from the verified caller's bucket, else 429."""
    limiter: WriteLimiter | None = getattr(request.app.state, "write_limiter", None)
    if limiter is None or request.method not in WRITE_METHODS:
        return
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is not None and verifier.blocking:
        subject = await run_in_threadpool(_verified_subject, request)
    else:
        subject = _verified_subject(request)
    if subject is None:
        return  # no valid token: the route's own authentication answers 401
    wait = limiter.take(subject)
    if wait > 0:
        raise too_many_writes(wait)


def _verified_subject(request: Request) -> str | None:
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
    if verifier is None or scheme.lower() != "bearer" or not token:
        return None
    try:
        return verifier.verify(token).sub
    except ProblemError:
        return None
