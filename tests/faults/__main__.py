"""``python -m tests.faults [--soak MINUTES] [--json PATH]``: the full fault suite, or a soak.

The full suite (``make faults``) runs every fault once, each under its own seeded load, on
one mesh; the soak (``make soak MINUTES=N``) repeats faults drawn at random until the time is
up. Both print the table and write it as JSON; the exit status is 1 if any row is not sound.
"""

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

from tests.faults.injections import (
    Fault,
    Severity,
    broker_restarted_empty,
    duplicated_and_reordered,
    killing,
    network_cut,
    poison,
    postgres_restarted,
    stalling,
)
from tests.faults.mesh import FaultMesh, fault_mesh, outside_variables
from tests.faults.outcome import FaultRow, render, write_json
from tests.faults.scaling import SCALE_OUT
from tests.faults.trial import Load, trial

FULL_LOAD = Load(people=20, concurrency=8, lead=4.0)
FIRST_SEED = 9100

FULL = [
    Fault("broker SIGKILLed, restarted empty, republished", broker_restarted_empty),
    *[killing(service) for service in ("intake", "housing", "civic", "reporting")],
    Fault("PostgreSQL restarted", postgres_restarted),
    stalling("reporting"),
    stalling("housing"),
    Fault("duplicated and reordered deliveries", duplicated_and_reordered),
    Fault("poison on every topic", poison),
    Fault("network to the broker cut 30s", network_cut),
    SCALE_OUT,
]


async def run_faults(
    mesh: FaultMesh, faults: list[Fault], minutes: float | None, console: Console
) -> list[FaultRow]:
    """Every fault once in order; with *minutes*, faults drawn at random until time is up."""
    rows: list[FaultRow] = []
    rng = random.Random(FIRST_SEED)
    deadline = time.monotonic() + (minutes or 0) * 60
    queue = [] if minutes else list(faults)
    while queue or (minutes and time.monotonic() < deadline):
        fault = queue.pop(0) if queue else rng.choice(faults)
        console.print(f"[bold]{fault.name}[/bold] under load...")
        row = await trial(mesh, fault, FIRST_SEED + len(rows), FULL_LOAD, Severity())
        console.print(row)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.faults")
    parser.add_argument("--soak", type=float, metavar="MINUTES", help="random faults for N min")
    parser.add_argument("--json", type=Path, dest="json_path", help="where to write the rows")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    console = Console(width=None if sys.stdout.isatty() else 200)
    if outside := outside_variables():
        sys.exit(f"the fault mesh runs its own infrastructure: unset {', '.join(outside)}")
    # A soak starts from the whole list once, then draws at random.
    # The stack starts outside the event loop (it runs its own loop to create the topics).
    with (
        tempfile.TemporaryDirectory(prefix="lgnet-faults-") as root,
        fault_mesh(Path(root)) as mesh,
    ):
        rows = asyncio.run(run_faults(mesh, FULL, args.soak, console))
    title = f"soak, {args.soak} min" if args.soak else "fault suite"
    render(rows, console, title)
    path = write_json(rows, {"mode": title, "people_per_fault": FULL_LOAD.people}, args.json_path)
    console.print(f"rows written to {path}")
    sys.exit(0 if all(row.sound for row in rows) else 1)


if __name__ == "__main__":
    main()
