"""Follow-ups in the case view: the list, and the earliest due date still open."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from intake.projections.case_table import case_view, change
from lgnet_events.catalog.intake import FollowUpDone, FollowUpScheduled
from lgnet_events.envelope import Envelope


async def apply(
    conn: AsyncConnection, envelope: Envelope, event: FollowUpScheduled | FollowUpDone
) -> None:
    query = select(case_view.c.follow_ups).where(case_view.c.case_id == envelope.stream_id)
    stored: list[dict[str, Any]] = (await conn.execute(query.with_for_update())).scalar_one()
    if isinstance(event, FollowUpScheduled):
        items = [*stored, _scheduled(event)]
    else:
        items = [_done(item, event) for item in stored]
    await change(conn, envelope, follow_ups=items, next_due_on=_next_due(items))


def _scheduled(event: FollowUpScheduled) -> dict[str, Any]:
    return {
        "follow_up_id": str(event.follow_up_id),
        "subject": event.subject,
        "due_on": event.due_on.isoformat(),
        "referral_id": str(event.referral_id) if event.referral_id else None,
        "note": event.note,
        "done_on": None,
        "outcome": None,
    }


def _done(item: dict[str, Any], event: FollowUpDone) -> dict[str, Any]:
    if item["follow_up_id"] != str(event.follow_up_id):
        return item
    return {**item, "done_on": event.done_on.isoformat(), "outcome": event.outcome}


def _next_due(items: list[dict[str, Any]]) -> date | None:
    open_dates = [date.fromisoformat(i["due_on"]) for i in items if i["done_on"] is None]
    return min(open_dates, default=None)
