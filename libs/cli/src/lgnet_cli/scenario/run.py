"""A whole scenario: stock first, then every person's story, a bounded number at a time."""

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lgnet_cli.scenario.arrivals import CIVIC_CANDIDATES, HOUSING_REQUESTS, Arrivals
from lgnet_cli.scenario.casework import Case, close, refer, take_in_charge, work_the_case
from lgnet_cli.scenario.civic_path import by_municipality, follow_civic_referral, hold_activities
from lgnet_cli.scenario.client import Mesh, ServiceUnreachable, Tokens
from lgnet_cli.scenario.context import Context
from lgnet_cli.scenario.housing_path import follow_housing_referral
from lgnet_cli.scenario.people import Person, generate_people, seeded
from lgnet_cli.scenario.stock import build_stock
from lgnet_cli.scenario.truth import GroundTruth

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScenarioOptions:
    people: int = 60
    seed: int = 1
    #: HTTP requests in flight at once
    concurrency: int = 8
    #: seconds to wait for something to cross Kafka
    patience: float = 90.0


@dataclass
class ScenarioRun:
    people: list[Person]
    truth: GroundTruth = field(default_factory=GroundTruth)
    civic_participants: list[Case] = field(default_factory=list)


def rome_today() -> date:
    """The services' "today" (civic refuses dates in the future of Europe/Rome)."""
    return datetime.now(ZoneInfo("Europe/Rome")).date()


async def run_scenario(
    urls: dict[str, str],
    tokens: Tokens,
    options: ScenarioOptions,
    progress: Progress = lambda done, total: None,
    truth: GroundTruth | None = None,
) -> ScenarioRun:
    """Generate the people of ``options.seed`` and live their stories through the HTTP APIs."""
    today = rome_today()
    run = ScenarioRun(generate_people(options.people, options.seed, today), truth or GroundTruth())
    mesh = Mesh(
        urls,
        tokens,
        options.concurrency,
        on_retry=lambda service: run.truth.count(f"retries: {service}"),
    )
    ctx = Context(
        mesh,
        await build_stock(
            mesh, options.seed, Counter(p.municipality for p in run.people), run.truth, today
        ),
        run.truth,
        Arrivals(mesh, HOUSING_REQUESTS),
        Arrivals(mesh, CIVIC_CANDIDATES),
        today,
        options.patience,
    )
    try:
        await _live_all(ctx, run, options, progress)
        await hold_activities(
            ctx, by_municipality(run.civic_participants), seeded(options.seed, "activities")
        )
    finally:
        await ctx.housing_requests.aclose()
        await ctx.civic_candidates.aclose()
        await mesh.aclose()
    return run


async def _live_all(
    ctx: Context, run: ScenarioRun, options: ScenarioOptions, progress: Progress
) -> None:
    in_flight = asyncio.Semaphore(max(4, options.concurrency * 4))
    done = 0

    async def one(person: Person) -> None:
        nonlocal done
        async with in_flight:
            await _live_safely(ctx, run, person, seeded(options.seed, person.index))
        done += 1
        progress(done, len(run.people))

    await asyncio.gather(*(one(person) for person in run.people))


async def _live_safely(ctx: Context, run: ScenarioRun, person: Person, rng: random.Random) -> None:
    try:
        await live(ctx, run, person, rng)
    except (ServiceUnreachable, TimeoutError) as error:
        run.truth.problem(f"person {person.index}: {type(error).__name__} {error}")


async def live(ctx: Context, run: ScenarioRun, person: Person, rng: random.Random) -> None:
    """One person's story, from registration to (perhaps) the closing of the case."""
    case = await take_in_charge(ctx, person, rng)
    if case is None:
        return
    await work_the_case(ctx, case, rng)
    journey, follow_ups = person.journey, []
    if journey.housing and (referral := await refer(ctx, case, "housing")):
        follow_ups.append(follow_housing_referral(ctx, case, referral, seeded(rng.random())))
    if journey.civic and (referral := await refer(ctx, case, "civic")):
        follow_ups.append(_civic(ctx, run, case, referral, seeded(rng.random())))
    await asyncio.gather(*follow_ups)
    if journey.closed:
        await close(ctx, case, rng)


async def _civic(
    ctx: Context, run: ScenarioRun, case: Case, referral: str, rng: random.Random
) -> None:
    if await follow_civic_referral(ctx, case, referral, rng):
        run.civic_participants.append(case)
