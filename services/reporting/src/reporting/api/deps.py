"""FastAPI dependencies of reporting's routes: the service, who reads what, and how much."""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Query, Request

from lgnet_service.auth import Principal, Role, ensure_visible, require_roles
from lgnet_service.errors import FieldError, unprocessable
from reporting.bootstrap import Reporting
from reporting.queries.window import Window, moment

#: who may read report aggregates; operators and coordinators for their municipalities only
REPORT_READERS: tuple[Role, ...] = ("national_office", "admin", "operator", "coordinator")
AUDIT_READERS: tuple[Role, ...] = ("auditor", "admin")


def get_reporting(request: Request) -> Reporting:
    reporting: Reporting = request.app.state.reporting
    return reporting


ReportingDep = Annotated[Reporting, Depends(get_reporting)]
ReportReader = Annotated[Principal, Depends(require_roles(*REPORT_READERS))]
AuditReader = Annotated[Principal, Depends(require_roles(*AUDIT_READERS))]
Admin = Annotated[Principal, Depends(require_roles("admin"))]


def suppressed_for(principal: Principal) -> bool:
    """The national office sees small cells hidden; admins and local staff see their figures."""
    return principal.has_any("national_office") and not principal.has_any("admin")


@dataclass(frozen=True, slots=True)
class ReportRequest:
    principal: Principal
    window: Window
    municipality: str | None
    now: datetime

    @property
    def suppressed(self) -> bool:
        return suppressed_for(self.principal)

    @property
    def needs_latest(self) -> bool:
        """Suppressed figures of the past keep hidden what the latest figures hide."""
        return self.suppressed and self.window.as_of < self.now

    def latest(self, window: Window) -> Window:
        return replace(window, as_of=self.now)

    @property
    def narrowed(self) -> Window:
        """The window limited to the requested municipality, if one was asked for."""
        if self.municipality is None:
            return self.window
        return replace(self.window, municipalities=frozenset({self.municipality}))


def parse_as_of(value: str | None) -> datetime | date | None:
    """``YYYY-MM-DD`` is a day; anything longer a time (naive means UTC)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        reason = "a date (YYYY-MM-DD) or an RFC 3339 date-time"
        raise unprocessable("as_of is not a date", [FieldError("query.as_of", reason)]) from None


def report_request(
    principal: ReportReader,
    municipality: Annotated[str | None, Query(description="one municipality code")] = None,
    from_: Annotated[date | None, Query(alias="from", description="first day")] = None,
    to: Annotated[date | None, Query(description="last day, inclusive")] = None,
    as_of: Annotated[
        str | None,
        Query(
            description="a date (its end, UTC) or an RFC 3339 time: the figures as they stood then"
        ),
    ] = None,
) -> ReportRequest:
    if from_ is not None and to is not None and to < from_:
        raise unprocessable("the range is empty", [FieldError("query.to", "before `from`")])
    if municipality is not None:
        ensure_visible(principal, municipality, "municipality")
    now = datetime.now(UTC)
    window = Window(
        as_of=moment(parse_as_of(as_of), now),
        municipalities=principal.municipalities,
        start=from_,
        end=to,
    )
    return ReportRequest(principal, window, municipality, now)


ReportRequestDep = Annotated[ReportRequest, Depends(report_request)]
