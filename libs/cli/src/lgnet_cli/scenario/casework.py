"""Intake's part of a story: register, take in charge, assess, support, refer, close."""

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

from lgnet_cli.scenario.context import Context
from lgnet_cli.scenario.people import Person

_NEEDS = ("housing", "legal_status", "language_course", "work_orientation", "health_check")
_CLOSINGS = ("autonomy_reached", "transferred", "moved_away", "lost_contact")


@dataclass(frozen=True)
class Case:
    person: Person
    beneficiary_id: str
    case_id: str

    @property
    def municipality(self) -> str:
        return self.person.municipality


async def take_in_charge(ctx: Context, person: Person, rng: random.Random) -> Case | None:
    m = person.municipality
    registered = await ctx.mesh.post(
        "intake", "/beneficiaries", person.registration(ctx.today), "operator", m
    )
    if not ctx.kept(registered, f"register person {person.index}"):
        return None
    ctx.truth.count("beneficiaries registered")
    beneficiary_id, journey = str(registered["beneficiary_id"]), person.journey
    body = {
        "beneficiary_id": beneficiary_id,
        "channel": journey.channel,
        "contact_point": f"{journey.channel}_{rng.randint(1, 3)}",
        "urgency": journey.urgency,
        "vulnerabilities": {
            "categories": rng.sample(["trauma", "minor_children", "chronic_illness", "homeless"], 1)
        },
    }
    opened = await ctx.mesh.post("intake", "/cases", body, "operator", m)
    if not ctx.kept(opened, f"open a case for person {person.index}"):
        return None
    ctx.truth.case_opened(m, beneficiary_id)
    return Case(person, beneficiary_id, str(opened["case_id"]))


async def work_the_case(ctx: Context, case: Case, rng: random.Random) -> None:
    journey, path = case.person.journey, f"/cases/{case.case_id}"
    if journey.assessed:
        body: dict[str, Any] = {
            "team_roles": rng.sample(
                ["social_worker", "psychologist", "legal_advisor", "cultural_mediator"],
                rng.randint(1, 3),
            ),
            "assessment": {
                "needs": rng.sample(_NEEDS, rng.randint(1, 3)),
                "risk_level": rng.choice(["low", "medium", "high"]),
            },
        }
        await _step(ctx, case, f"{path}/assessments", body, "cases assessed")
    for _ in range(journey.support_sessions):
        session: dict[str, Any] = {
            "kind": rng.choice(["social", "psychological", "legal", "orientation", "mediation"]),
            "date": ctx.today.isoformat(),
            "minutes": rng.choice([30, 45, 60, 90]),
        }
        await _step(ctx, case, f"{path}/support", session, "support sessions")
    if journey.other_referral:
        await refer(ctx, case, journey.other_referral)


async def refer(ctx: Context, case: Case, target: str) -> str | None:
    """Issue a referral; its id, or None when refused."""
    path = f"/cases/{case.case_id}/referrals"
    answer = await ctx.mesh.post(
        "intake", path, {"target": target, "urgency": "medium"}, "operator", case.municipality
    )
    if not ctx.kept(answer, f"refer case to {target}"):
        return None
    ctx.truth.count(f"referrals to {target}")
    newest = [r for r in answer["referrals"] if r["target"] == target]
    return str(newest[-1]["referral_id"])


async def close(ctx: Context, case: Case, rng: random.Random) -> None:
    """Close once every referral to housing or civic has its outcome on the case."""
    await outcomes_recorded(ctx, case)
    path = f"/cases/{case.case_id}/close"
    answer = await ctx.mesh.post(
        "intake", path, {"outcome": rng.choice(_CLOSINGS)}, "coordinator", case.municipality
    )
    if ctx.kept(answer, "close a case"):
        ctx.truth.count("cases closed")


async def outcomes_recorded(ctx: Context, case: Case) -> dict[str, Any]:
    """The case once intake has recorded the answers of housing and civic (or patience ends)."""
    deadline = time.monotonic() + ctx.patience
    while True:
        answer = await ctx.mesh.get(
            "intake", f"/cases/{case.case_id}", "operator", case.municipality
        )
        waiting = [
            r
            for r in answer["referrals"]
            if r["target"] in ("housing", "civic") and r["outcome"] is None
        ]
        if not waiting or time.monotonic() > deadline:
            return dict(answer.body)
        await asyncio.sleep(0.5)


async def _step(ctx: Context, case: Case, path: str, body: dict[str, Any], tally: str) -> None:
    answer = await ctx.mesh.post("intake", path, body, "operator", case.municipality)
    if ctx.kept(answer, tally):
        ctx.truth.count(tally)
