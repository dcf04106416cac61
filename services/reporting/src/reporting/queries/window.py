"""Which facts a report looks at: business-time range, municipalities, and ``as_of``."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, true


@dataclass(frozen=True, slots=True)
class Window:
    as_of: datetime
    municipalities: frozenset[str]
    start: date | None = None
    #: inclusive
    end: date | None = None

    def business_time(self, column: ColumnElement[datetime]) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = []
        if self.start is not None:
            conditions.append(column >= _midnight(self.start))
        if self.end is not None:
            conditions.append(column < _midnight(self.end + timedelta(days=1)))
        return and_(true(), *conditions)

    def contains(self, moment: datetime) -> bool:
        if self.start is not None and moment < _midnight(self.start):
            return False
        return self.end is None or moment < _midnight(self.end + timedelta(days=1))

    def within(self, column: ColumnElement[str]) -> ColumnElement[bool]:
        return column.in_(sorted(self.municipalities))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def moment(value: datetime | date | None, now: datetime) -> datetime:
    """``as_of``: a date means the end of that day (UTC); a naive time is UTC; none is now."""
    if value is None:
        return now
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return _midnight(value + timedelta(days=1)) - timedelta(microseconds=1)
