"""Reporting consumer processes (``python -m bench.member``) and what each last reported."""

import asyncio
import contextlib
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

#: where ``python -m bench.member`` finds the ``bench`` package, whatever the caller's cwd
REPO = Path(__file__).resolve().parents[1]
#: a member that does not leave the group this long after SIGTERM is killed
STOP_TIMEOUT = 20.0


@dataclass
class Member:
    """One member process; its reader task keeps the last line it printed."""

    process: asyncio.subprocess.Process
    partitions: list[str] = field(default_factory=list)
    lag: int = 0
    handled: int = 0
    peak_lag: int = 0
    _reader: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    async def _read(self) -> None:
        stream = self.process.stdout
        if stream is None:
            return
        while line := await stream.readline():
            with contextlib.suppress(ValueError):
                report = json.loads(line)
                self.partitions, self.lag = list(report["partitions"]), int(report["lag"])
                self.handled, self.peak_lag = int(report["handled"]), max(self.peak_lag, self.lag)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


async def spawn_member(env: dict[str, str], session_timeout_ms: int) -> Member:
    """A member in a session of its own, as the dev stack starts each service: with Linux's
    autogroup scheduling a session shares the CPU as one, so members left in the bench's
    session would split one share between them on a busy machine."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.member", "--session-timeout-ms", str(session_timeout_ms),
        env=env, cwd=REPO, stdout=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    member = Member(process)
    member._reader = asyncio.create_task(member._read())
    return member


def settled(members: list[Member], partitions: int) -> bool:
    """Each member holds a share, no partition twice, all of them held."""
    held = [p for m in members for p in m.partitions]
    shares = all(m.partitions for m in members[:partitions])
    return shares and len(held) == len(set(held)) == partitions


async def wait_settled(members: list[Member], partitions: int, timeout: float) -> None:
    """Until the group's assignment is settled on two reports in a row."""
    deadline, in_a_row = time.monotonic() + timeout, 0
    while in_a_row < 2:
        if time.monotonic() > deadline:
            shares = [len(m.partitions) for m in members]
            raise TimeoutError(f"the group did not settle in {timeout:.0f}s: shares {shares}")
        if any(m.process.returncode is not None for m in members):
            raise RuntimeError("a reporting member process exited")
        in_a_row = in_a_row + 1 if settled(members, partitions) else 0
        await asyncio.sleep(0.6)
