"""Referral funnels (issued -> accepted -> placed/started) with median days between steps."""

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.queries.window import Window
from reporting.schema import facts

FUNNEL_TARGETS = ("housing", "civic")
_STEPS = (
    "referral_issued",
    "referral_link",
    "referral_accepted",
    "referral_declined",
    "referral_started",
)


@dataclass
class Referral:
    target: str
    issued: datetime
    accepted: datetime | None = None
    declined: datetime | None = None
    started: datetime | None = None


@dataclass
class Funnel:
    issued: int = 0
    accepted: int = 0
    declined: int = 0
    started: int = 0
    days_to_accept: list[float] = field(default_factory=list)
    days_to_start: list[float] = field(default_factory=list)

    @property
    def median_days_to_accept(self) -> float | None:
        return round(median(self.days_to_accept), 1) if self.days_to_accept else None

    @property
    def median_days_to_start(self) -> float | None:
        return round(median(self.days_to_start), 1) if self.days_to_start else None


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86_400


async def _referrals(conn: AsyncConnection, window: Window) -> dict[UUID, Referral]:
    c = facts.c
    query = (
        select(c.fact, c.item_id, c.label, c.occurred_at, c.municipality)
        .where(c.fact.in_(_STEPS), c.recorded_at <= window.as_of)
        .order_by(c.occurred_at, c.event_id)
    )
    referrals: dict[UUID, Referral] = {}
    links: dict[UUID, UUID] = {}
    later = []
    for fact, item_id, label, when, municipality in await conn.execute(query):
        if (
            fact == "referral_issued"
            and label in FUNNEL_TARGETS
            and municipality in window.municipalities
        ):
            referrals[item_id] = Referral(label, when)
        elif fact == "referral_link":
            links[item_id] = UUID(label)
        else:
            later.append((fact, item_id, when))
    for fact, item_id, when in later:
        referral = referrals.get(links.get(item_id, item_id))
        if referral is not None:
            setattr(referral, fact.removeprefix("referral_"), when)
    return referrals


async def funnels(conn: AsyncConnection, window: Window) -> dict[str, Funnel]:
    found = {target: Funnel() for target in FUNNEL_TARGETS}
    for referral in (await _referrals(conn, window)).values():
        if not window.contains(referral.issued):
            continue
        funnel = found[referral.target]
        funnel.issued += 1
        funnel.declined += referral.declined is not None
        if referral.accepted is not None:
            funnel.accepted += 1
            funnel.days_to_accept.append(_days(referral.issued, referral.accepted))
        if referral.started is not None:
            funnel.started += 1
            funnel.days_to_start.append(
                _days(referral.accepted or referral.issued, referral.started)
            )
    return found
