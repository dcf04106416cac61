"""Civic's part of a story: the candidate arrives, is accepted, starts, logs hours, ends."""

import random
from collections import defaultdict
from functools import partial
from typing import Any

from lgnet_cli.scenario.casework import Case
from lgnet_cli.scenario.client import Answer
from lgnet_cli.scenario.context import Context
from lgnet_cli.scenario.stock import create_project

_DECLINES = ("no_suitable_project", "not_available", "other")


async def follow_civic_referral(
    ctx: Context, case: Case, referral_id: str, rng: random.Random
) -> bool:
    """Whether the person started an individual project."""
    candidate = await ctx.civic_candidates.wait(case.municipality, referral_id, ctx.patience)
    journey, path = case.person.journey, f"/candidates/{candidate['candidate_id']}"
    if not journey.civic_accepted:
        body = {"reason": rng.choice(_DECLINES)}
        answer = await ctx.mesh.post(
            "civic", f"{path}/decline", body, "coordinator", case.municipality
        )
        if ctx.kept(answer, "decline a civic candidate"):
            ctx.truth.count("civic candidates declined")
        return False
    answer = await ctx.mesh.post("civic", f"{path}/accept", {}, "operator", case.municipality)
    if not ctx.kept(answer, "accept a civic candidate"):
        return False
    ctx.truth.count("civic candidates accepted")
    started = await start(ctx, case, str(candidate["candidate_id"]), rng)
    if started is None:
        return False
    await _take_part(ctx, case, started, rng)
    return True


async def start(ctx: Context, case: Case, candidate_id: str, rng: random.Random) -> str | None:
    """Into the first project with a free place, or a new one when all are full."""
    projects = list(ctx.stock.projects.get(case.municipality, []))
    rng.shuffle(projects)
    for project_id in [*projects, None]:
        if project_id is None:
            project_id = await create_project(ctx.mesh, case.municipality, rng, ctx.truth)
            if project_id is None:
                return None
            ctx.stock.projects.setdefault(case.municipality, []).append(project_id)
        answer = await _start_in(ctx, case, project_id, candidate_id, rng)
        if answer.status == 409:
            continue
        if not ctx.kept(answer, "start an individual project"):
            return None
        ctx.truth.project_started(case.municipality)
        return str(answer["individual_project_id"])
    return None


async def _start_in(
    ctx: Context, case: Case, project_id: str, candidate_id: str, rng: random.Random
) -> Answer:
    body = {
        "project_id": project_id,
        "candidate_id": candidate_id,
        "tutor": f"tutor_{rng.randint(1, 30):02d}",
    }
    return await ctx.mesh.post("civic", "/individual-projects", body, "operator", case.municipality)


async def _take_part(ctx: Context, case: Case, project: str, rng: random.Random) -> None:
    path, journey = f"/individual-projects/{project}", case.person.journey
    for _ in range(journey.hours_days):
        body = {"date": ctx.today.isoformat(), "hours": rng.choice(["2", "2.5", "3"])}
        answer = await ctx.mesh.post("civic", f"{path}/hours", body, "operator", case.municipality)
        if ctx.kept(answer, "log hours"):
            ctx.truth.count("hours logged")
    ending = journey.civic_ending
    if ending is None:
        return
    verb, body = (
        ("withdraw", {"reason": "moved_away"})
        if ending == "withdrawn"
        else ("complete", {"outcome": ending})
    )
    answer = await ctx.mesh.post("civic", f"{path}/{verb}", body, "coordinator", case.municipality)
    if ctx.kept(answer, f"{verb} an individual project"):
        ctx.truth.count(f"individual projects ended: {ending}")


async def hold_activities(
    ctx: Context, participants: dict[str, list[str]], rng: random.Random
) -> None:
    """A workshop or meeting in each municipality where people started individual projects."""
    for municipality, people in sorted(participants.items()):
        chosen = people[:8]
        body: dict[str, Any] = {
            "municipality": municipality,
            "kind": rng.choice(["workshop", "meeting", "event"]),
            "title": "Incontro di quartiere",
            "date": ctx.today.isoformat(),
            "capacity": 40,
            "beneficiary_ids": chosen,
            "resident_participants": rng.randint(3, 25),
        }
        answer = await ctx.once_known(
            partial(ctx.mesh.post, "civic", "/community-activities", body, "operator", municipality)
        )
        if ctx.kept(answer, "hold a community activity"):
            ctx.truth.count("community activities")


def by_municipality(cases: list[Case]) -> dict[str, list[str]]:
    grouped: defaultdict[str, list[str]] = defaultdict(list)
    for case in cases:
        grouped[case.municipality].append(case.beneficiary_id)
    return dict(grouped)
