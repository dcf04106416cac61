"""A member's fetch wait: busy while records flow, idle after a silence (the rule alone)."""

import logging
from dataclasses import dataclass, field

import pytest

from lgnet_events.fetch_pace import (
    FETCH_MAX_WAIT_MS,
    IDLE_AFTER_SECONDS,
    IDLE_FETCH_MAX_WAIT_MS,
    FetchPace,
)


@dataclass
class Fetcher:
    _fetch_max_wait_ms: int = FETCH_MAX_WAIT_MS


@dataclass
class Member:
    _fetcher: Fetcher = field(default_factory=Fetcher)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wait_of(member: Member) -> int:
    return member._fetcher._fetch_max_wait_ms


def test_a_member_without_records_for_a_while_fetches_at_the_idle_pace() -> None:
    member, clock = Member(), Clock()
    pace = FetchPace(member, clock)
    clock.now += IDLE_AFTER_SECONDS - 1
    pace.after_poll(got_records=False)
    assert wait_of(member) == FETCH_MAX_WAIT_MS
    clock.now += 2
    pace.after_poll(got_records=False)
    assert wait_of(member) == IDLE_FETCH_MAX_WAIT_MS


def test_records_bring_an_idle_member_back_to_the_busy_pace_and_restart_the_silence() -> None:
    member, clock = Member(), Clock()
    pace = FetchPace(member, clock)
    clock.now += IDLE_AFTER_SECONDS + 1
    pace.after_poll(got_records=False)
    pace.after_poll(got_records=True)
    assert wait_of(member) == FETCH_MAX_WAIT_MS
    clock.now += IDLE_AFTER_SECONDS - 1
    pace.after_poll(got_records=False)
    assert wait_of(member) == FETCH_MAX_WAIT_MS


def test_records_now_and_then_keep_a_member_busy() -> None:
    member, clock = Member(), Clock()
    pace = FetchPace(member, clock)
    for _ in range(10):
        clock.now += IDLE_AFTER_SECONDS / 2
        pace.after_poll(got_records=True)
        pace.after_poll(got_records=False)
    assert wait_of(member) == FETCH_MAX_WAIT_MS


def test_without_the_fetchers_setting_the_member_stays_busy_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    pace = FetchPace(object(), clock)
    clock.now += IDLE_AFTER_SECONDS + 1
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            pace.after_poll(got_records=False)
    assert not pace.idle
    assert len([r for r in caplog.records if "fetch wait" in r.message]) == 1
