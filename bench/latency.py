"""Latency percentiles of a scenario's requests, in milliseconds."""

import statistics

PERCENTILES = (50, 95, 99)


def percentiles(seconds: list[float]) -> dict[str, float]:
    """``{"p50": …, "p95": …, "p99": …}`` in ms; empty when there are too few samples."""
    if len(seconds) < 2:
        return {f"p{p}": round(s * 1000, 2) for p in PERCENTILES for s in seconds}
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {f"p{p}": round(cuts[p - 1] * 1000, 2) for p in PERCENTILES}
