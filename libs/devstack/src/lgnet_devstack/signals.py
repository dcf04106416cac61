"""SIGINT and SIGTERM as a stop request the stack checks between its steps.

The handlers only set a flag: an exception raised at a random point (say, between a fork and
the line that records the child) could lose track of a process and leave an orphan.
"""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequested(Exception):
    """Ctrl-C or SIGTERM arrived: wind everything down."""


class StopFlag:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal: signal.Signals | None = None

    def raise_if_set(self) -> None:
        if self.event.is_set():
            raise StopRequested(self.signal.name if self.signal else "stop")

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.signal = self.signal or signal.Signals(signum)
        self.event.set()


@contextmanager
def stop_on_signals() -> Iterator[StopFlag]:
    """Within the block, SIGINT/SIGTERM set the flag instead of interrupting."""
    flag = StopFlag()
    previous = {sig: signal.signal(sig, flag._handle) for sig in STOP_SIGNALS}
    try:
        yield flag
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
