"""Housing's part of a story: the request arrives, a coordinator decides, the person is housed."""

import random
from decimal import Decimal
from functools import partial

from lgnet_cli.scenario.casework import Case
from lgnet_cli.scenario.context import Context

#: (euro per month or one-off, months) of each kind of measure
_MEASURES = {
    "rent_contribution": (Decimal("350.00"), 6),
    "deposit": (Decimal("900.00"), 0),
    "utilities": (Decimal("80.50"), 4),
    "furniture": (Decimal("600.00"), 0),
    "autonomy_coaching": (Decimal("150.00"), 3),
}
_DECLINES = ("no_capacity", "not_eligible", "other_solution_found")


async def follow_housing_referral(
    ctx: Context, case: Case, referral_id: str, rng: random.Random
) -> None:
    request = await ctx.housing_requests.wait(case.municipality, referral_id, ctx.patience)
    journey, path = case.person.journey, f"/requests/{request['request_id']}"
    if not journey.housing_accepted:
        body = {"reason": rng.choice(_DECLINES)}
        answer = await ctx.mesh.post(
            "housing", f"{path}/decline", body, "coordinator", case.municipality
        )
        if ctx.kept(answer, "decline a housing request"):
            ctx.truth.count("housing requests declined")
        return
    answer = await ctx.mesh.post("housing", f"{path}/accept", {}, "coordinator", case.municipality)
    if not ctx.kept(answer, "accept a housing request"):
        return
    ctx.truth.count("housing requests accepted")
    if journey.placed:
        await place(ctx, case, str(request["request_id"]), rng)
    if journey.measure:
        await grant_measure(ctx, case, journey.measure, rng)


async def place(ctx: Context, case: Case, request_id: str | None, rng: random.Random) -> None:
    """The first unit with a free bed; nobody placed when every unit is full (409)."""
    units = list(ctx.stock.units.get(case.municipality, []))
    rng.shuffle(units)
    for unit_id in units:
        body = {
            "beneficiary_id": case.beneficiary_id,
            "unit_id": unit_id,
            "start_date": ctx.today.isoformat(),
            "request_id": request_id,
        }
        answer = await ctx.once_known(
            partial(ctx.mesh.post, "housing", "/placements", body, "operator", case.municipality)
        )
        if answer.status == 409:
            continue
        if ctx.kept(answer, "start a placement"):
            ctx.truth.housed(case.municipality, case.beneficiary_id, "placements started")
            if case.person.journey.placement_ends:
                await _end_placement(ctx, case, str(answer["placement_id"]))
        return
    ctx.truth.count("placements refused: no free bed")


async def _end_placement(ctx: Context, case: Case, placement_id: str) -> None:
    body = {"end_date": ctx.today.isoformat(), "outcome": "autonomous_housing"}
    answer = await ctx.mesh.post(
        "housing", f"/placements/{placement_id}/end", body, "operator", case.municipality
    )
    if ctx.kept(answer, "end a placement"):
        ctx.truth.count("placements ended")


async def grant_measure(ctx: Context, case: Case, kind: str, rng: random.Random) -> None:
    monthly, months = _MEASURES[kind]
    amount = monthly * max(months, 1) + Decimal(rng.randint(0, 4) * 25)
    body = {
        "beneficiary_id": case.beneficiary_id,
        "kind": kind,
        "amount_eur": str(amount),
        "months": months,
        "start_date": ctx.today.isoformat(),
    }
    answer = await ctx.once_known(
        partial(ctx.mesh.post, "housing", "/support-measures", body, "operator", case.municipality)
    )
    if ctx.kept(answer, f"grant {kind}"):
        ctx.truth.housed(case.municipality, case.beneficiary_id, "support measures granted")
