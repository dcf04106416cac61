"""``lgnet seed``: fictional people lived through a running stack, with the ground truth."""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from lgnet_cli.console import console, fail
from lgnet_cli.scenario import (
    KPIS,
    GroundTruth,
    MintedTokens,
    OneToken,
    ScenarioOptions,
    Tokens,
    run_scenario,
)
from lgnet_devstack.credentials import dev_auth_secret
from lgnet_devstack.record import StackRecord
from lgnet_devstack.state import StateDir, default_state_dir

#: the demo that `lgnet dev up` (`make run`) loads
DEMO_PEOPLE = 60
DEMO_SEED = 2026
NEEDED = ("intake", "housing", "civic")


def seed(
    people: Annotated[int, typer.Option(min=1, max=20_000, help="How many people.")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same people.")] = 1,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Requests in flight.")] = 8,
    state_dir: Annotated[
        Path | None,
        typer.Option(
            envvar="LGNET_STATE_DIR",
            show_default=False,
            help="The running stack's state folder (default: .lgnet/).",
        ),
    ] = None,
) -> None:
    """Register fictional people in the running dev stack and live their stories.

    Cases through both channels, assessments, support, referrals to housing and civic that
    coordinators accept or decline, placements, support measures, individual projects, hours,
    community activities. Prints what was accepted: the figures reporting should show.
    """
    state = StateDir(state_dir.resolve() if state_dir else default_state_dir())
    record = StackRecord.read(state.record_file)
    if record is None:
        fail(f"no dev stack runs from {state.root}: start one with `lgnet dev up`")
    missing = [name for name in NEEDED if name not in record.service_urls]
    if missing:
        fail(f"the stack runs without {', '.join(missing)}: seeding needs all of {NEEDED}")
    options = ScenarioOptions(people, seed, concurrency)
    truth = seed_with_progress(record.service_urls, MintedTokens(dev_auth_secret(state)), options)
    print_truth(truth)


def seed_with_progress(
    urls: dict[str, str], tokens: Tokens, options: ScenarioOptions
) -> GroundTruth:
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("people", total=options.people)
        run = asyncio.run(
            run_scenario(urls, tokens, options, lambda done, _: bar.update(task, completed=done))
        )
    return run.truth


def seed_dev_stack(service_urls: dict[str, str], token: str, say: Callable[[str], None]) -> None:
    """The small demo of ``lgnet dev up``: 60 people, always the same ones."""
    missing = [name for name in NEEDED if name not in service_urls]
    if missing:
        say(f"demo data skipped: {', '.join(missing)} not running")
        return
    if already_seeded(service_urls["intake"], token):
        say("demo data: intake already has cases, nothing added (`lgnet seed --seed N` adds more)")
        return
    say(f"loading demo data: {DEMO_PEOPLE} fictional people (lgnet seed --seed {DEMO_SEED})…")
    options = ScenarioOptions(DEMO_PEOPLE, DEMO_SEED)
    truth = asyncio.run(run_scenario(service_urls, OneToken(token), options)).truth
    totals = truth.totals()
    say("demo data: " + ", ".join(f"{kpi.replace('_', ' ')} {totals[kpi]}" for kpi in KPIS))
    if truth.problems:
        say(f"{len(truth.problems)} requests were refused, the first: {truth.problems[0]}")


def already_seeded(intake_url: str, token: str) -> bool:
    """Whether intake has any case: the demo is loaded once, not at every ``make run``."""
    headers = {"Authorization": f"Bearer {token}"}
    answer = httpx.get(f"{intake_url}/cases", params={"limit": 1}, headers=headers, timeout=10)
    return answer.is_success and bool(answer.json()["items"])


def print_truth(truth: GroundTruth) -> None:
    """Per municipality, the KPIs reporting should show once it has caught up."""
    table = Table("municipality", *(kpi.replace("_", " ") for kpi in KPIS), title="Accepted")
    for municipality, row in truth.figures().items():
        if any(row.values()):
            table.add_row(municipality, *(str(row[kpi]) for kpi in KPIS))
    totals = truth.totals()
    table.add_row("[bold]total", *(f"[bold]{totals[kpi]}" for kpi in KPIS))
    console.print(table)
    console.print(", ".join(f"{what} {n}" for what, n in sorted(truth.tallies.items())))
    if truth.problems:
        console.print(f"[yellow]{len(truth.problems)} refused or unanswered:[/]")
        for problem in truth.problems[:10]:
            console.print(f"  {problem}", markup=False)
