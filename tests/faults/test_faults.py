"""The short fault suite (in ``make test``): each fault under a seeded load, then reporting's
figures against the ground truth of what was accepted; nothing lost, nothing counted twice.
``make faults`` runs every fault, harder (``python -m tests.faults``)."""

import pytest

from tests.faults.injections import (
    Fault,
    Severity,
    broker_restarted_empty,
    duplicated_and_reordered,
    killing,
    network_cut,
    poison,
)
from tests.faults.mesh import FaultMesh
from tests.faults.outcome import MUST_BE_ZERO, FaultRow
from tests.faults.scaling import SCALE_OUT
from tests.faults.trial import Load, trial

# In `make test`; `make faults-short` runs them alone (`-m faults`).
pytestmark = [pytest.mark.e2e, pytest.mark.faults]

SHORT = Severity(cut_seconds=6.0, copies=90)
LOAD = Load(people=10, concurrency=6, lead=2.0)


async def run(mesh: FaultMesh, rows: list[FaultRow], fault: Fault, seed: int) -> FaultRow:
    row = await trial(mesh, fault, seed, LOAD, SHORT)
    rows.append(row)
    return row


def assert_sound(row: FaultRow) -> None:
    assert row.problems == []
    assert {k: v for k, v in row.extra.items() if k.endswith(MUST_BE_ZERO) and v} == {}
    assert (row.lost, row.duplicated) == (0, 0), row
    assert row.figures_match, row
    assert row.accepted > 0, row
    assert row.audited == row.stored > 0, row


async def test_housing_killed_mid_load_and_restarted_loses_and_doubles_nothing(
    faulty_mesh: FaultMesh, fault_rows: list[FaultRow]
) -> None:
    assert_sound(await run(faulty_mesh, fault_rows, killing("housing"), seed=501))


async def test_a_broker_restarted_empty_then_republished_loses_and_doubles_nothing(
    faulty_mesh: FaultMesh, fault_rows: list[FaultRow]
) -> None:
    fault = Fault("broker SIGKILLed, restarted empty, republished", broker_restarted_empty)
    assert_sound(await run(faulty_mesh, fault_rows, fault, seed=502))


async def test_the_network_to_the_broker_cut_and_back_loses_and_doubles_nothing(
    faulty_mesh: FaultMesh, fault_rows: list[FaultRow]
) -> None:
    fault = Fault(f"network to the broker cut {SHORT.cut_seconds:.0f}s", network_cut)
    assert_sound(await run(faulty_mesh, fault_rows, fault, seed=503))
    assert faulty_mesh.proxy.connections_cut > 0


async def test_duplicated_and_reordered_deliveries_change_nothing(
    faulty_mesh: FaultMesh, fault_rows: list[FaultRow]
) -> None:
    fault = Fault("duplicated and reordered deliveries", duplicated_and_reordered)
    assert_sound(await run(faulty_mesh, fault_rows, fault, seed=504))


async def test_poison_on_every_topic_lands_in_the_dead_letter_topics_and_the_rest_flows(
    faulty_mesh: FaultMesh, fault_rows: list[FaultRow]
) -> None:
    row = await run(faulty_mesh, fault_rows, Fault("poison on every topic", poison), seed=505)
    assert_sound(row)
    assert row.extra["dead-lettered"] == 9 + 4 + 2 + 2


async def test_a_second_reporting_consumer_shares_partitions_and_coming_and_going_loses_nothing(
    faulty_mesh: FaultMesh, fault_rows: list[FaultRow]
) -> None:
    row = await run(faulty_mesh, fault_rows, SCALE_OUT, seed=506)
    assert_sound(row)
    assert 0 < row.extra["partitions held by the second member"] < row.extra["of"]
    assert row.extra["events it handled"] > 0
