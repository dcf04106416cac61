"""Today's date where the programme runs: the bound of "no date in the future"."""

from datetime import date, datetime
from zoneinfo import ZoneInfo


def today_in(time_zone: str) -> date:
    return datetime.now(ZoneInfo(time_zone)).date()
