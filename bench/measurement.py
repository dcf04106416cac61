"""One measured rate: how many items (events, messages, transactions) in how many seconds."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Measurement:
    key: str
    label: str
    unit: str  # what one counted item is: "event", "message", "commit"
    count: int
    seconds: float
    commits: int | None = None  # transactions committed, when they differ from *count*
    #: CPU cores each process used on average while it ran ("bench", "postgres", "broker").
    cpu: dict[str, float] = field(default_factory=dict)
    #: latency percentiles of the requests or events, in ms ("p50", "p95", "p99")
    latency_ms: dict[str, float] = field(default_factory=dict)
    #: peak resident memory of processes during the measurement, MiB ("reporting", "postgres")
    memory_mb: dict[str, float] = field(default_factory=dict)
    #: what else the scenario found (scale-out: partitions per member, peak lag, identical?)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    @property
    def commit_rate(self) -> float:
        return (self.commits if self.commits is not None else self.count) / self.seconds
