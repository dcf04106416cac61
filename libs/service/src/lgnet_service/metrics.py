"""A small metrics registry rendered in the Prometheus text format (version 0.0.4)."""

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

Labels = tuple[tuple[str, str], ...]


def _labels(values: dict[str, str]) -> Labels:
    return tuple(sorted(values.items()))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _sample(name: str, labels: Labels, value: float) -> str:
    text = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
    rendered = "+Inf" if value == math.inf else repr(float(value))
    return f"{name}{{{text}}} {rendered}" if text else f"{name} {rendered}"


@dataclass
class Counter:
    name: str
    help: str
    kind = "counter"
    values: dict[Labels, float] = field(default_factory=dict)

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = _labels(labels)
        self.values[key] = self.values.get(key, 0.0) + amount

    def set(self, value: float, **labels: str) -> None:
        """For a total read from elsewhere (a table count); never goes down by itself."""
        self.values[_labels(labels)] = value

    def samples(self) -> Iterator[str]:
        for labels, value in sorted(self.values.items()):
            yield _sample(self.name, labels, value)


@dataclass
class Gauge(Counter):
    kind = "gauge"

    def clear(self) -> None:
        """Forget every series, so that vanished ones (a revoked partition) disappear."""
        self.values.clear()


@dataclass
class Histogram:
    name: str
    help: str
    buckets: Sequence[float] = LATENCY_BUCKETS
    kind = "histogram"
    counts: dict[Labels, list[int]] = field(default_factory=dict)
    sums: dict[Labels, float] = field(default_factory=dict)

    def observe(self, value: float, **labels: str) -> None:
        key = _labels(labels)
        counts = self.counts.setdefault(key, [0] * (len(self.buckets) + 1))
        for i, bound in enumerate([*self.buckets, math.inf]):
            if value <= bound:
                counts[i] += 1
        self.sums[key] = self.sums.get(key, 0.0) + value

    def samples(self) -> Iterator[str]:
        for labels, counts in sorted(self.counts.items()):
            for bound, count in zip([*self.buckets, math.inf], counts, strict=True):
                le = "+Inf" if bound == math.inf else repr(float(bound))
                yield _sample(f"{self.name}_bucket", (*labels, ("le", le)), count)
            yield _sample(f"{self.name}_sum", labels, self.sums[labels])
            yield _sample(f"{self.name}_count", labels, counts[-1])


Metric = Counter | Histogram
M = TypeVar("M", Counter, Gauge, Histogram)


class MetricsRegistry:
    """Holds one service's metrics; ``render()`` is the body of ``GET /metrics``."""

    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}

    def counter(self, name: str, help: str) -> Counter:
        return self._get(name, Counter(name, help), Counter)

    def gauge(self, name: str, help: str) -> Gauge:
        return self._get(name, Gauge(name, help), Gauge)

    def histogram(
        self, name: str, help: str, buckets: Sequence[float] = LATENCY_BUCKETS
    ) -> Histogram:
        return self._get(name, Histogram(name, help, buckets), Histogram)

    def _get(self, name: str, new: M, kind: type[M]) -> M:
        existing = self._metrics.setdefault(name, new)
        if type(existing) is not kind:
            raise ValueError(f"metric {name} is already a {existing.kind}")
        return existing

    def render(self) -> str:
        lines: list[str] = []
        for name, metric in sorted(self._metrics.items()):
            lines += [f"# HELP {name} {metric.help}", f"# TYPE {name} {metric.kind}"]
            lines += metric.samples()
        return "\n".join(lines) + "\n"


class HttpMetrics:
    """Records each request's latency by method, route template (not raw path) and status."""

    def __init__(self, app: ASGIApp, registry: MetricsRegistry) -> None:
        self.app = app
        self.latency = registry.histogram(
            "lgnet_http_request_duration_seconds", "HTTP request latency by route and status"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            self.latency.observe(
                time.perf_counter() - started,
                method=scope["method"],
                route=route_template(scope),
                status=str(status),
            )


def route_template(scope: Scope) -> str:
    """``/cases/{case_id}``; unmatched paths share one label so they cannot flood the registry."""
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched")) if isinstance(route, BaseRoute) else "unmatched"
