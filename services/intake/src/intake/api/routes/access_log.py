"""``/beneficiaries/{id}/access-log``: who read or changed a person's record (GDPR Art. 15)."""

import csv
import io
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import access_log, views
from intake.api.schemas import AccessEntry
from lgnet_service.auth import Principal, ensure_visible, require_roles
from lgnet_service.errors import FieldError, not_found, unprocessable
from lgnet_service.pagination import Page, PageDep
from lgnet_service.runtime import EngineDep

router = APIRouter(prefix="/beneficiaries", tags=["access log"])

AccessReader = Annotated[Principal, Depends(require_roles("auditor", "coordinator"))]
COLUMNS = list(AccessEntry.model_fields)


async def _person_visible(
    conn: AsyncConnection, principal: Principal, beneficiary_id: UUID
) -> None:
    row = await views.beneficiary(conn, beneficiary_id)
    if row is None:
        raise not_found("beneficiary")
    ensure_visible(principal, row["municipality"], "beneficiary")


@router.get("/{beneficiary_id}/access-log", response_model=Page[AccessEntry])
async def read_access_log(
    beneficiary_id: UUID, principal: AccessReader, engine: EngineDep, page: PageDep
) -> Page[AccessEntry]:
    """Every read of the person's personal data and every change, oldest first."""
    async with engine.connect() as conn:
        await _person_visible(conn, principal, beneficiary_id)
        rows = await access_log.entries(conn, beneficiary_id, entry_after(page.after), page.limit)
    items = [AccessEntry.model_validate(dict(row)) for row in rows[: page.limit]]
    more = len(rows) > page.limit
    return page.page(items, {"after": items[-1].entry_id} if more else None)


@router.get("/{beneficiary_id}/access-log.csv", response_class=Response)
async def export_access_log(
    beneficiary_id: UUID, principal: AccessReader, engine: EngineDep
) -> Response:
    """The whole access log of the person as CSV, for a data-subject access request."""
    async with engine.connect() as conn:
        await _person_visible(conn, principal, beneficiary_id)
        rows = await access_log.entries(conn, beneficiary_id, None, None)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(AccessEntry.model_validate(dict(row)).model_dump(mode="json"))
    filename = f"access-log-{beneficiary_id}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(out.getvalue(), media_type="text/csv", headers=headers)


def entry_after(position: dict[str, Any] | None) -> int | None:
    if position is None:
        return None
    after = position.get("after")
    if not isinstance(after, int):
        raise unprocessable("the cursor is not valid", [FieldError("query.cursor", "not ours")])
    return after
