"""Retention: when a person's personal data has been kept long enough after their cases closed."""

from collections.abc import Iterable
from datetime import datetime, timedelta


def retention_cutoff(now: datetime, retention_days: int) -> datetime:
    """Cases closed before this moment are past retention."""
    return now - timedelta(days=retention_days)


def due_for_erasure(closed_at: Iterable[datetime | None], cutoff: datetime) -> bool:
    """Every case of the person is closed (``closed_at`` set), the last one before *cutoff*."""
    closings = list(closed_at)
    return bool(closings) and all(c is not None and c < cutoff for c in closings)
