"""``python -m bench --quick --scale-out 1 2``: real member processes; no timing asserted."""

from pathlib import Path

import pytest

from lgnet_events.testing.infra import Infra
from tests.bench.test_bench_smoke import run_quick_bench

pytestmark = pytest.mark.integration

#: three source topics of six partitions
PARTITIONS = 18
EVENTS = 200


def test_two_member_processes_share_the_partitions_and_store_what_one_stored(
    infra: Infra, tmp_path: Path
) -> None:
    options = ("--no-mesh", "--scale-out", "1", "2", "--scale-out-events", str(EVENTS))
    report = run_quick_bench(infra, tmp_path / "report.json", *options, timeout=180)
    figures = {m["key"]: m for m in report["measurements"]}
    one, two = figures["reporting.scale_out.1_members"], figures["reporting.scale_out.2_members"]
    assert one["details"]["partitions_held"] == [PARTITIONS]
    shares = two["details"]["partitions_held"]
    assert len(shares) == 2
    assert all(shares)
    assert sum(shares) == PARTITIONS
    assert one["count"] == two["count"] == EVENTS
    assert two["per_second"] > 0
    assert two["details"]["identical_to_first"], two["details"]["differing_tables"]
    assert two["details"]["peak_lag"] > 0
    assert set(two["cpu_cores"]) >= {"member1", "member2"}
    assert two["compared_with"] == "postgres.commit.16_connections"
