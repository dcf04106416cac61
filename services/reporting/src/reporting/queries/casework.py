"""Case-work figures per municipality: complaints, consent per purpose, merges, break-glass
openings, follow-ups and approved plans, from the facts recorded by ``as_of``.

Counts of events (given, withdrawn, merges…) take those whose business day falls in the
window. Complaints are a cohort: those *received* in the window, how many of them are
answered (by ``as_of``), how many still open, and the median days from one to the other.
Valid consents are people, on the day of ``as_of``: given on or before it, not expired
before it, not withdrawn on or before it (intake's own rule), latest consent per purpose;
a record merged into another one (and not unmerged) is the same person and not counted.
Overdue follow-ups and unanswered referrals are items, on the day of ``as_of`` (D), with
intake's own rules: a follow-up due before D and not done on or before D; a referral issued
on or before D minus the allowed days (``LGNET_REFERRAL_ANSWER_DAYS``) with no outcome
recorded by ``as_of``. ``from``/``to`` do not apply to them.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from reporting.projections.casework_facts import (
    CONSENT_GIVEN,
    CONSENT_WITHDRAWN,
    CONSENTS_REGISTERED,
    PURPOSES,
    consent_fact,
)
from reporting.queries.window import Window
from reporting.schema import facts

#: fact -> the column of the report that counts it in the window
EVENT_COUNTS: dict[str, str] = {
    "beneficiary_merged": "merges",
    "merge_undone": "merges_undone",
    "break_glass_opened": "break_glass_openings",
    "follow_up_scheduled": "follow_ups_scheduled",
    "follow_up_done": "follow_ups_done",
    "case_plan_approved": "plans_approved",
}
COMPLAINT_COLUMNS = ("complaints_received", "complaints_answered", "complaints_open")
_COMPLAINT_FACTS = ("complaint_received", "complaint_answered")
#: items late on the day of ``as_of``
OVERDUE_COLUMNS = ("follow_ups_overdue", "referrals_unanswered")
_DEADLINE_FACTS = ("follow_up_due", "referral_issued", "referral_answered")


def consent_column(kind: str, purpose: str) -> str:
    """``given``, ``withdrawn`` or ``valid`` consents for *purpose*."""
    return f"consents_{kind}.{purpose}"


_COUNTED: dict[str, str] = {
    **EVENT_COUNTS,
    **{
        consent_fact(kind, purpose): consent_column(kind.removeprefix("consent_"), purpose)
        for kind in (CONSENT_GIVEN, CONSENT_WITHDRAWN)
        for purpose in PURPOSES
    },
}


class Fact(NamedTuple):
    fact: str
    municipality: str
    beneficiary_id: UUID | None
    item_id: UUID | None
    label: str | None
    occurred_at: datetime
    detail: Any = None


@dataclass
class CaseworkCounts:
    #: column -> municipality -> count
    columns: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    #: municipality -> days from received to answered, one per answered complaint
    days_to_answer: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def median_days(self, municipality: str | None = None) -> float | None:
        days = (
            self.days_to_answer.get(municipality, [])
            if municipality
            else [d for found in self.days_to_answer.values() for d in found]
        )
        return round(median(days), 1) if days else None


async def _facts(conn: AsyncConnection, window: Window) -> list[Fact]:
    c = facts.c
    query = (
        select(
            c.fact, c.municipality, c.beneficiary_id, c.item_id, c.label, c.occurred_at, c.detail
        )
        .where(
            or_(
                c.fact.in_(
                    [*EVENT_COUNTS, *_COMPLAINT_FACTS, *_DEADLINE_FACTS, CONSENTS_REGISTERED]
                ),
                c.fact.like(f"{CONSENT_GIVEN}.%"),
                c.fact.like(f"{CONSENT_WITHDRAWN}.%"),
            ),
            c.recorded_at <= window.as_of,
            window.within(c.municipality),
        )
        .order_by(c.recorded_at, c.event_id)
    )
    found = [Fact(*row) for row in await conn.execute(query)]
    return [
        one for f in found for one in (_per_purpose(f) if f.fact == CONSENTS_REGISTERED else [f])
    ]


def _per_purpose(registered: Fact) -> Iterator[Fact]:
    """A registration's consents (``consents_registered``) as ``consent_given.<purpose>``
    facts: the first entry of each purpose, on its ``given_on`` day, labelled with its
    expiry day."""
    seen: set[str] = set()
    for terms in registered.detail or []:
        purpose = terms["purpose"]
        if purpose in seen or purpose not in PURPOSES:
            continue
        seen.add(purpose)
        yield registered._replace(
            fact=consent_fact(CONSENT_GIVEN, purpose),
            label=terms.get("expires_on"),
            occurred_at=datetime.combine(date.fromisoformat(terms["given_on"]), time(), UTC),
            detail=None,
        )


def _event_counts(found: list[Fact], window: Window, counts: CaseworkCounts) -> None:
    for f in found:
        column = _COUNTED.get(f.fact)
        if column is not None and window.contains(f.occurred_at):
            counts.columns[column][f.municipality] += 1


def _complaints(found: list[Fact], window: Window, counts: CaseworkCounts) -> None:
    received = {
        f.item_id: f
        for f in found
        if f.fact == "complaint_received" and window.contains(f.occurred_at)
    }
    answered = {f.item_id: f.occurred_at for f in found if f.fact == "complaint_answered"}
    for complaint_id, f in received.items():
        counts.columns["complaints_received"][f.municipality] += 1
        answer = answered.get(complaint_id)
        if answer is None:
            counts.columns["complaints_open"][f.municipality] += 1
            continue
        counts.columns["complaints_answered"][f.municipality] += 1
        counts.days_to_answer[f.municipality].append((answer - f.occurred_at).days)


def _merged_away(found: list[Fact]) -> set[UUID | None]:
    merged: set[UUID | None] = set()
    for f in found:
        if f.fact == "beneficiary_merged":
            merged.add(f.beneficiary_id)
        elif f.fact == "merge_undone":
            merged.discard(f.beneficiary_id)
    return merged


def _day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


@dataclass
class _Consent:
    municipality: str
    given_on: date
    expires_on: date | None
    withdrawn_on: date | None = None

    def covers(self, day: date) -> bool:
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        if self.expires_on is not None and self.expires_on < day:
            return False
        return self.given_on <= day


def _valid_consents(found: list[Fact], window: Window, counts: CaseworkCounts) -> None:
    latest: dict[tuple[UUID | None, str], _Consent] = {}
    for f in found:
        kind, _, purpose = f.fact.partition(".")
        key = (f.beneficiary_id, purpose)
        if kind == CONSENT_GIVEN:
            expires = date.fromisoformat(f.label) if f.label else None
            latest[key] = _Consent(f.municipality, _day(f.occurred_at), expires)
        elif kind == CONSENT_WITHDRAWN and key in latest:
            latest[key].withdrawn_on = _day(f.occurred_at)
    day = _day(window.as_of)
    merged = _merged_away(found)
    for (beneficiary_id, purpose), consent in latest.items():
        if beneficiary_id not in merged and consent.covers(day):
            counts.columns[consent_column("valid", purpose)][consent.municipality] += 1


def _items_on_or_before(found: list[Fact], fact: str, day: date) -> set[UUID | None]:
    return {f.item_id for f in found if f.fact == fact and _day(f.occurred_at) <= day}


def _overdue(found: list[Fact], window: Window, answer_days: int, counts: CaseworkCounts) -> None:
    """Follow-ups past due and referrals unanswered too long, on the day of ``as_of``."""
    day = _day(window.as_of)
    done = _items_on_or_before(found, "follow_up_done", day)
    answered = _items_on_or_before(found, "referral_answered", day)
    deadline = day - timedelta(days=answer_days)
    for f in found:
        on = _day(f.occurred_at)
        if f.fact == "follow_up_due" and on < day and f.item_id not in done:
            counts.columns["follow_ups_overdue"][f.municipality] += 1
        elif f.fact == "referral_issued" and on <= deadline and f.item_id not in answered:
            counts.columns["referrals_unanswered"][f.municipality] += 1


async def casework_counts(
    conn: AsyncConnection, window: Window, referral_answer_days: int
) -> CaseworkCounts:
    found = await _facts(conn, window)
    counts = CaseworkCounts()
    _event_counts(found, window, counts)
    _complaints(found, window, counts)
    _valid_consents(found, window, counts)
    _overdue(found, window, referral_answer_days, counts)
    return counts
