"""``python -m bench --quick`` against the session's servers: a well-formed report, no timing."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lgnet_events.testing.infra import Infra

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
FIGURES = {
    "postgres.commit.1_connection",
    "postgres.commit.16_connections",
    "postgres.insert_batched",
    "postgres.read_ordered",
    "broker.produce",
    "broker.consume",
    "store.append.1_writer",
    "store.append.16_writers",
    "store.append_batch10.1_writer",
    "store.append_batch10.16_writers",
    "relay.publish",
}


#: the service scenarios, with one client and one offered rate
MESH_FIGURES = {
    "http.intake.1_client",
    "http.housing.1_client",
    "http.civic.1_client",
    "http.reporting.1_client",
    "e2e.lag.10_per_second",
    "reporting.rebuild",
    "reporting.ingest",
    #: the least a rebuild that reads every payload must do, beside the rebuild
    "postgres.audit_payload_scan",
}


def run_quick_bench(
    infra: Infra, report: Path, *options: str, timeout: int = 120
) -> dict[str, Any]:
    env = {
        **os.environ,
        "LGNET_BENCH_DATABASE_URL": infra.admin_dsn,
        "LGNET_KAFKA_BOOTSTRAP": infra.bootstrap,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench", "--quick", "--json", str(report), *options],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded: dict[str, Any] = json.loads(report.read_text())
    return loaded


def test_a_quick_run_reports_every_figure_with_a_positive_rate(
    infra: Infra, tmp_path: Path
) -> None:
    report = run_quick_bench(infra, tmp_path / "report.json", "--no-mesh", "--no-scale-out")
    figures = {m["key"]: m for m in report["measurements"]}
    assert set(figures) == FIGURES
    assert all(m["count"] > 0 and m["per_second"] > 0 for m in figures.values())
    assert figures["store.append.16_writers"]["compared_with"] == "postgres.commit.16_connections"
    assert figures["relay.publish"]["ratio"] > 0
    assert report["machine"]["cpu_count"] >= 1
    assert report["machine"]["postgres"]


@pytest.mark.e2e
def test_the_service_scenarios_report_latency_lag_rebuild_and_memory(
    infra: Infra, tmp_path: Path
) -> None:
    options = ("--duration", "0.5", "--clients", "1", "--lag-rates", "10",
               "--rebuild-events", "1000", "--no-scale-out")  # fmt: skip
    report = run_quick_bench(infra, tmp_path / "report.json", *options, timeout=300)
    figures = {m["key"]: m for m in report["measurements"]}
    assert set(figures) == FIGURES | MESH_FIGURES
    timed = MESH_FIGURES - {"reporting.rebuild", "reporting.ingest", "postgres.audit_payload_scan"}
    assert all(figures[key]["latency_ms"]["p99"] > 0 for key in timed)
    assert figures["http.intake.1_client"]["compared_with"] == "store.append.1_writer"
    assert figures["reporting.rebuild"]["count"] >= 1000
    assert figures["postgres.audit_payload_scan"]["count"] >= figures["reporting.rebuild"]["count"]
    assert set(report["memory_peak_mb"]) >= {"intake", "housing", "civic", "reporting", "bench"}
