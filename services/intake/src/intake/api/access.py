"""Who may read a person's record, and the access-log entry each read of personal data leaves.

Caseworkers read their municipalities' records; a coordinator holding a live break-glass
grant reads one record of another municipality; everyone else gets 404, as if it did not exist.
"""

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from intake import views
from intake.access_log import Read, record_read
from intake.api.deps import CASEWORKERS, log_personal_data_read
from intake.bootstrap import Intake
from lgnet_service.auth import Principal
from lgnet_service.errors import not_found


async def admit(
    conn: AsyncConnection,
    intake: Intake,
    principal: Principal,
    municipality: str,
    beneficiary_id: UUID,
    what: str,
    case_id: UUID | None = None,
) -> bool:
    """Whether the caller sees personal data here; 404 when they may not read at all."""
    now = intake.clock()
    if principal.can_see(municipality):
        if not principal.has_any(*CASEWORKERS):
            return False
        purpose, grant_id = "case_work", None
    else:
        grant_id = await _grant(conn, principal, beneficiary_id, now, what)
        purpose = "break_glass"
    read = Read(
        actor=principal.sub,
        roles=tuple(sorted(principal.roles)),
        beneficiary_id=beneficiary_id,
        municipality=municipality,
        what=what,
        purpose=purpose,
        at=now,
        case_id=case_id,
        grant_id=grant_id,
    )
    await record_read(conn, read)
    log_personal_data_read(principal, beneficiary_id, what)
    return True


#: what a read is logged as -> the resource its 404 names (the same as when it does not exist)
_RESOURCE_OF = {"case_history": "case"}


async def _grant(
    conn: AsyncConnection, principal: Principal, beneficiary_id: UUID, now: datetime, what: str
) -> UUID:
    grant = None
    if principal.has_any("coordinator"):
        grant = await views.live_grant(conn, beneficiary_id, principal.sub, now)
    if grant is None:
        # The very 404 of a record that does not exist: "no such case", never "case_history".
        raise not_found(_RESOURCE_OF.get(what, what))
    return grant
