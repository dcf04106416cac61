"""One fault under a seeded load, then the wait for the mesh to settle, measured."""

import asyncio
import time
from dataclasses import dataclass

from lgnet_cli.scenario import ScenarioOptions, run_scenario
from tests.e2e.figures import differences, exact, municipality_table
from tests.faults.injections import Fault, Severity
from tests.faults.ledger import Ledger, take_ledger
from tests.faults.mesh import FaultMesh
from tests.faults.outcome import FaultRow


@dataclass(frozen=True)
class Load:
    """The scenario run against the mesh while the fault happens."""

    people: int = 24
    concurrency: int = 6
    #: seconds of load before the fault
    lead: float = 3.0
    #: how long the load waits for something to cross Kafka (a cut lasts up to 30 s)
    patience: float = 150.0
    #: seconds to wait for the figures to settle after the fault and the load
    settle_timeout: float = 120.0


async def settle(mesh: FaultMesh, timeout: float) -> tuple[Ledger, bool]:
    """Wait until reporting holds every stored event and shows the ground truth."""
    deadline = time.monotonic() + timeout
    while True:
        ledger = await take_ledger(mesh)
        table = await municipality_table(mesh, "admin")
        matches = exact(table, mesh.truth.figures())
        if (matches and ledger.lost == 0 and ledger.unsent == 0) or time.monotonic() > deadline:
            return ledger, matches
        await asyncio.sleep(0.5)


async def trial(
    mesh: FaultMesh, fault: Fault, seed: int, load: Load, severity: Severity
) -> FaultRow:
    before, problems_before = await take_ledger(mesh), len(mesh.truth.problems)
    options = ScenarioOptions(load.people, seed, load.concurrency, load.patience)
    running = asyncio.create_task(run_scenario(mesh.urls, mesh.tokens, options, truth=mesh.truth))
    await asyncio.sleep(load.lead)
    if running.done():
        raise RuntimeError("the load ended before the fault: give it more people")
    check = await fault.inject(mesh, severity)
    healed = time.monotonic()
    run = await running
    mesh.remember(run.people)
    calm = max(healed, time.monotonic())
    ledger, matches = await settle(mesh, load.settle_timeout)
    converged = time.monotonic() - calm
    extra = await check(mesh) if check else {}
    if not matches:
        table = await municipality_table(mesh, "admin")
        extra["KPI cells differing"] = len(differences(table, mesh.truth.figures()))
    if ledger.unapplied:
        extra["of the lost: reactions not applied"] = ledger.unapplied
    counts = ledger.minus(before)
    return FaultRow(
        fault=fault.name, accepted=counts.accepted, stored=counts.stored, audited=counts.audited,
        lost=counts.lost, duplicated=counts.duplicated + counts.unknown,
        converge_seconds=round(converged, 1), figures_match=matches,
        problems=run.truth.problems[problems_before:], extra=extra,
    )  # fmt: skip
