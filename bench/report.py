"""The report: each figure beside the raw limit it is bounded by, as a table and as JSON."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.measurement import Measurement

RESULTS_DIR = Path(__file__).parent / "results"

#: Figure -> the raw limit it is compared with (store figures compare commits/s).
COMPARED_WITH = {
    "store.append.1_writer": "postgres.commit.1_connection",
    "store.append.16_writers": "postgres.commit.16_connections",
    "store.append_batch10.1_writer": "postgres.commit.1_connection",
    "store.append_batch10.16_writers": "postgres.commit.16_connections",
    "relay.publish": "broker.produce",
    "reporting.rebuild": "postgres.read_ordered",
    "reporting.ingest": "broker.consume",
}


def compared_with(key: str) -> str | None:
    """The raw limit of a figure: a command over HTTP is bounded by the store's append rate
    (one writer for one client, 16 writers for more); reporting's reads have no raw limit."""
    if key in COMPARED_WITH:
        return COMPARED_WITH[key]
    if key.startswith("reporting.scale_out."):  # one transaction per event, per member
        one = key.endswith(".1_members")
        return "postgres.commit.1_connection" if one else "postgres.commit.16_connections"
    if key.startswith("http.") and not key.startswith("http.reporting."):
        return "store.append.1_writer" if key.endswith(".1_client") else "store.append.16_writers"
    return None


@dataclass(frozen=True)
class Report:
    started_at: datetime
    machine: dict[str, Any]
    options: dict[str, Any]
    measurements: list[Measurement]
    #: peak resident memory of each process, MiB
    memory_mb: dict[str, float] = field(default_factory=dict)

    def limit_of(self, figure: Measurement) -> Measurement | None:
        key = compared_with(figure.key)
        return next((m for m in self.measurements if m.key == key), None)

    def ratio(self, figure: Measurement) -> float | None:
        """The figure's commit rate (store) or rate (relay) over its limit's rate."""
        limit = self.limit_of(figure)
        if limit is None:
            return None
        return figure.commit_rate / limit.rate


def default_path(started_at: datetime) -> Path:
    return RESULTS_DIR / f"{started_at:%Y%m%dT%H%M%SZ}.json"


def _measurement_json(report: Report, m: Measurement) -> dict[str, Any]:
    limit, ratio = report.limit_of(m), report.ratio(m)
    return {
        "key": m.key,
        "label": m.label,
        "unit": m.unit,
        "count": m.count,
        "seconds": round(m.seconds, 3),
        "per_second": round(m.rate, 1),
        "commits": m.commits,
        "commits_per_second": round(m.commit_rate, 1) if m.commits is not None else None,
        "compared_with": limit.key if limit else None,
        "ratio": round(ratio, 3) if ratio is not None else None,
        "cpu_cores": m.cpu,
        "latency_ms": m.latency_ms or None,
        "memory_peak_mb": m.memory_mb or None,
        "details": m.details or None,
    }


def to_json(report: Report) -> dict[str, Any]:
    return {
        "started_at": report.started_at.isoformat(),
        "machine": report.machine,
        "options": report.options,
        "measurements": [_measurement_json(report, m) for m in report.measurements],
        "memory_peak_mb": report.memory_mb,
    }


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_json(report), indent=2) + "\n")


def _cpu_text(cpu: dict[str, float]) -> str:
    return " ".join(f"{name} {cores:.2f}" for name, cores in cpu.items())


def _memory_text(memory: dict[str, float]) -> str:
    peaks = ", ".join(f"{name} {mb:,.0f}" for name, mb in memory.items())
    return f"; peak MiB: {peaks}" if peaks else ""


def _latency_text(latency: dict[str, float]) -> str:
    return " / ".join(f"{latency[p]:,.1f}" for p in ("p50", "p95", "p99") if p in latency)


def render(report: Report, console: Console) -> None:
    machine = report.machine
    table = Table(
        title=f"LGNet bench: {machine['cpu_count']} CPUs, Python {machine['python']}, "
        f"PostgreSQL {machine['postgres']}, broker {machine['broker']}, "
        f"load {machine['load_average_1m']} at start",
        caption="cpu: average CPU cores used by each process during the measurement",
    )
    columns = ("measure", "rate", "commits/s", "raw limit", "ratio", "p50 / p95 / p99 ms", "cpu")
    for column in columns:
        table.add_column(column, justify="left" if column in ("measure", "cpu") else "right")
    for m in report.measurements:
        limit, ratio = report.limit_of(m), report.ratio(m)
        table.add_row(
            m.label,
            f"{m.rate:,.0f} {m.unit}s/s",
            f"{m.commit_rate:,.0f}" if m.commits is not None else "",
            f"{limit.rate:,.0f} {limit.unit}s/s" if limit else "",
            f"{ratio:.0%}" if ratio is not None else "",
            _latency_text(m.latency_ms),
            _cpu_text(m.cpu) + _memory_text(m.memory_mb),
        )
    console.print(table)
    if report.memory_mb:
        peaks = ", ".join(f"{name} {mb:,.0f}" for name, mb in report.memory_mb.items())
        console.print(f"peak resident memory, MiB: {peaks}")
