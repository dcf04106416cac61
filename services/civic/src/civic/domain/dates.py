"""Date rules shared by the aggregates: nothing happens in the future."""

from datetime import date

from civic.domain.errors import Invalid


def require_not_future(day: date, today: date, field: str) -> None:
    if day > today:
        raise Invalid(field, f"{day.isoformat()} is in the future (today is {today.isoformat()})")


def require_not_before(day: date, start: date, field: str) -> None:
    if day < start:
        raise Invalid(field, f"{day.isoformat()} is before the start, {start.isoformat()}")
