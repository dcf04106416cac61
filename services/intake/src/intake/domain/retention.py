"""Retention: when a person's personal data has been kept long enough after their cases closed."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal


def retention_cutoff(now: datetime, retention_days: int) -> datetime:
    """Cases closed before this moment are past retention."""
    return now - timedelta(days=retention_days)


def due_for_erasure(closed_at: Iterable[datetime | None], cutoff: datetime) -> bool:
    """Every case of the person is closed (``closed_at`` set), the last one before *cutoff*."""
    closings = list(closed_at)
    return bool(closings) and all(c is not None and c < cutoff for c in closings)


#: what intake keeps, each with its own retention period (see ``docs/casework.md``)
Category = Literal["personal_data", "match_keys", "access_log", "import_jobs"]
CATEGORIES: tuple[Category, ...] = ("personal_data", "match_keys", "access_log", "import_jobs")
#: the access log is never emptied younger than this, whatever the setting (checked in SQL too)
ACCESS_LOG_FLOOR_DAYS = 365


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Days each category is kept; 0 keeps it for ever.

    ``personal_data``: since all of a person's cases closed (then their key is destroyed);
    ``match_keys``: the duplicate-check keys, since all of a person's cases closed;
    ``access_log``: since the entry was written; ``import_jobs``: since the import ended."""

    personal_data: int
    match_keys: int
    access_log: int
    import_jobs: int

    def days(self, category: Category) -> int:
        days: int = getattr(self, category)
        return days

    def cutoff(self, category: Category, now: datetime) -> datetime | None:
        """Older than this goes; ``None`` when the category is kept for ever."""
        days = self.days(category)
        return retention_cutoff(now, days) if days > 0 else None
