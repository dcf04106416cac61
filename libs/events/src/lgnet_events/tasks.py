"""Stopping background tasks and clients so that a shutdown always ends.

Python 3.11's ``asyncio.wait_for`` swallows a cancellation that arrives in the same loop
turn as its inner future's result (fixed in 3.12). A worker loop built on ``wait_for`` may
then go on running after ``task.cancel()``, and ``await task`` waits for ever: a service
that never stops. :func:`stop_task` cancels again until the task has really ended.
"""

import asyncio
import logging
from collections.abc import Awaitable

log = logging.getLogger(__name__)

#: how long one cancellation is given before it is sent again
CANCEL_GRACE_SECONDS = 1.0
#: how long a client (consumer, producer) may take to close before it is abandoned
CLOSE_DEADLINE_SECONDS = 15.0


async def stop_task(task: asyncio.Task[object] | asyncio.Task[None] | None) -> None:
    """Cancel *task* and wait until it has ended, however often a cancel is swallowed.

    Whatever the task raised on its way out is retrieved (and logged), never re-raised:
    stopping one worker must not keep the others from stopping.
    """
    if task is None:
        return
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=CANCEL_GRACE_SECONDS)
        if not task.done():
            log.warning("task %s ignored a cancellation; cancelling it again", task.get_name())
    if not task.cancelled() and task.exception() is not None:
        log.warning("task %s ended with %r", task.get_name(), task.exception())


async def close_within(closing: Awaitable[object], what: str) -> None:
    """Await a client's close for at most :data:`CLOSE_DEADLINE_SECONDS`, then give up on it.

    A close that waits on a broker that no longer answers must not hold a shutdown for ever.
    """
    try:
        await asyncio.wait_for(closing, CLOSE_DEADLINE_SECONDS)
    except TimeoutError:
        log.warning("%s did not close within %.0f s; abandoned", what, CLOSE_DEADLINE_SECONDS)
    except Exception:
        log.debug("%s failed to close", what, exc_info=True)
