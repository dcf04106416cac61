"""``/audit/events``: every event received, for auditors, without personal data."""

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from lgnet_service.auth import ensure_visible
from lgnet_service.errors import FieldError, unprocessable
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep
from reporting.api.deps import AuditReader
from reporting.api.schemas import AuditEvent
from reporting.domain.redaction import redact
from reporting.queries.audit_log import AuditFilter, audit_page

router = APIRouter(prefix="/audit", tags=["audit"])


def _event(row: Any) -> AuditEvent:
    envelope = row.envelope
    return AuditEvent(
        **{k: envelope[k] for k in AuditEvent.model_fields if k in envelope and k != "data"},
        position=row.position,
        topic=row.topic,
        partition=row.partition,
        offset=row.offset,
        data=redact(envelope["data"]),
    )


def utc(moment: datetime | None) -> datetime | None:
    """A time without an offset is UTC, whatever the server's zone."""
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _after(page: PageDep) -> int:
    after = page.after.get("after") if page.after else 0
    if not isinstance(after, int):
        raise unprocessable("the cursor is not valid", [FieldError("query.cursor", "unknown")])
    return after


@router.get("/events")
async def list_audit_events(
    principal: AuditReader,
    engine: EngineDep,
    page: PageDep,
    stream_id: UUID | None = None,
    event_type: str | None = None,
    municipality: str | None = None,
    from_: Annotated[datetime | None, Query(alias="from", description="recorded from")] = None,
    to: Annotated[datetime | None, Query(description="recorded before")] = None,
) -> Page[AuditEvent]:
    """Events in the order they were stored; payload ciphertext shows as ``[sealed]``."""
    if municipality is not None:
        ensure_visible(principal, municipality, "municipality")
    within = None if principal.sees_all else frozenset(principal.municipalities)
    where = AuditFilter(stream_id, event_type, municipality, utc(from_), utc(to), within)
    async with engine.connect() as conn:
        rows = await audit_page(conn, where, _after(page), page.limit)
    items = [_event(row) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": items[-1].position} if more else None)
