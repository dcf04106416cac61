"""Stopping a worker ends it even when it swallows a cancellation (Python 3.11 wait_for)."""

import asyncio
import logging

import pytest

from lgnet_events import tasks
from lgnet_events.tasks import close_within, stop_task


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "CANCEL_GRACE_SECONDS", 0.05)
    monkeypatch.setattr(tasks, "CLOSE_DEADLINE_SECONDS", 0.1)


async def test_a_worker_that_swallows_the_first_cancel_is_still_stopped() -> None:
    swallowed = 0

    async def stubborn() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                if swallowed:
                    raise
                swallowed += 1  # what 3.11's wait_for does when its future is done too

    task = asyncio.create_task(stubborn(), name="stubborn")
    await asyncio.sleep(0)
    await asyncio.wait_for(stop_task(task), 5)
    assert task.cancelled()
    assert swallowed == 1


async def test_a_worker_that_failed_is_stopped_without_raising_and_its_error_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def failing() -> None:
        raise RuntimeError("broken")

    task = asyncio.create_task(failing(), name="failing")
    await asyncio.sleep(0)
    with caplog.at_level(logging.WARNING):
        await stop_task(task)
    assert "task failing ended with RuntimeError('broken')" in caplog.text


async def test_nothing_to_stop_is_fine() -> None:
    await stop_task(None)


async def test_a_close_that_never_ends_is_abandoned_after_the_deadline(
    caplog: pytest.LogCaptureFixture,
) -> None:
    never = asyncio.get_running_loop().create_future()
    with caplog.at_level(logging.WARNING):
        await asyncio.wait_for(close_within(never, "a producer"), 5)
    assert "a producer did not close within" in caplog.text
    assert never.cancelled()


async def test_a_close_that_fails_does_not_raise() -> None:
    async def failing() -> None:
        raise OSError("connection reset")

    await close_within(failing(), "a consumer")
