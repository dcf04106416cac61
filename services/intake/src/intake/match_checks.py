"""Duplicate checks are rationed per caller: a much lower rate than ordinary writes.

``POST /beneficiaries/matches`` tells a caseworker whether someone matching exists in another
municipality: a membership oracle on special-category data. Each verified ``sub`` may run
``match_checks_per_hour`` checks (``LGNET_MATCH_CHECKS_PER_HOUR``, 60 by default; 0 turns the
limit off), refilled continuously; beyond that, 429 with ``Retry-After``. It reuses the
token buckets of ``lgnet_service.ratelimit`` with a clock running sixty times slower, so
that "per minute" there is "per hour" here. Like the write limit, the buckets live in the
memory of one process. A merge proposal across municipalities (the same oracle, asked from
a record) takes from the same bucket.
"""

import math
import time
from collections.abc import Callable

from lgnet_service.errors import ProblemError
from lgnet_service.ratelimit import WriteLimiter

MINUTES_PER_HOUR = 60.0


class MatchCheckLimiter:
    """At most ``per_hour`` checks per subject, refilled continuously."""

    def __init__(self, per_hour: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_hour = per_hour
        self._buckets = WriteLimiter(per_hour, clock=lambda: clock() / MINUTES_PER_HOUR)

    def take(self, subject: str) -> float:
        """0 when *subject* may check now, else the seconds until they may."""
        return self._buckets.take(subject) * MINUTES_PER_HOUR


def too_many_checks(wait_seconds: float, per_hour: int) -> ProblemError:
    return ProblemError(
        429,
        "Too Many Requests",
        f"at most {per_hour} duplicate checks and merge proposals an hour with this token: "
        "retry later",
        headers={"Retry-After": str(max(1, math.ceil(wait_seconds)))},
        code="rate-limited",
    )


def limiter_of(per_hour: int) -> MatchCheckLimiter | None:
    return MatchCheckLimiter(per_hour) if per_hour > 0 else None


def ration(limiter: MatchCheckLimiter | None, subject: str) -> None:
    """Spend one of *subject*'s checks this hour, else 429 with ``Retry-After``."""
    if limiter is not None and (wait := limiter.take(subject)) > 0:
        raise too_many_checks(wait, limiter.per_hour)
