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
    "broker.produce",
    "broker.consume",
    "store.append.1_writer",
    "store.append.16_writers",
    "store.append_batch10.1_writer",
    "store.append_batch10.16_writers",
    "relay.publish",
}


def run_quick_bench(infra: Infra, report: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "LGNET_BENCH_DATABASE_URL": infra.admin_dsn,
        "LGNET_KAFKA_BOOTSTRAP": infra.bootstrap,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench", "--quick", "--json", str(report)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded: dict[str, Any] = json.loads(report.read_text())
    return loaded


def test_a_quick_run_reports_every_figure_with_a_positive_rate(
    infra: Infra, tmp_path: Path
) -> None:
    report = run_quick_bench(infra, tmp_path / "report.json")
    figures = {m["key"]: m for m in report["measurements"]}
    assert set(figures) == FIGURES
    assert all(m["count"] > 0 and m["per_second"] > 0 for m in figures.values())
    assert figures["store.append.16_writers"]["compared_with"] == "postgres.commit.16_connections"
    assert figures["relay.publish"]["ratio"] > 0
    assert report["machine"]["cpu_count"] >= 1
    assert report["machine"]["postgres"]
