"""A child process the stack owns: started, stopped gracefully, or killed for fault tests."""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import IO

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Runs in the child before exec: the kernel sends SIGTERM when the parent dies,
    so even a ``kill -9`` of the stack leaves no orphan server behind (Linux only).
    A parent that died before the ``prctl`` is caught by comparing the parent pid."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


#: The kernel ties ``PR_SET_PDEATHSIG`` to the *thread* that forks: a child forked by a
#: short-lived thread (``asyncio.to_thread``) would be sent SIGTERM when that thread ends.
#: Such spawns are handed to this one thread instead, which lives as long as the process.
#: Threads start on first use only.
_FORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lgnet-forker")


def _popen_dying_with_parent(
    popen: Callable[[], "subprocess.Popen[bytes]"],
) -> "subprocess.Popen[bytes]":
    """*popen* forked from the main thread, or else from the long-lived fork thread."""
    if threading.current_thread() is threading.main_thread():
        return popen()
    return _FORKER.submit(popen).result()


class ManagedProcess:
    """A server process with its output appended to a log file."""

    def __init__(self, name: str, log_path: Path) -> None:
        self.name = name
        self.log_path = log_path
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def spawn(
        self,
        argv: list[str],
        env: dict[str, str] | None = None,
        user: str | None = None,
        *,
        die_with_parent: bool = False,
    ) -> None:
        tied = die_with_parent and sys.platform == "linux"
        preexec = partial(_die_with_parent, os.getpid()) if tied else None
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        log = self._log

        def popen() -> "subprocess.Popen[bytes]":
            return subprocess.Popen(  # noqa: S603 - argv is built by the stack, not user input
                argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **(env or {})},
                user=user,
                start_new_session=True,
                preexec_fn=preexec,
            )

        self._proc = _popen_dying_with_parent(popen) if tied else popen()

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 20.0) -> None:
        """Send *sig*, wait, and kill the process group if it does not go."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._signal_group(sig)
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self._proc.wait()
        self._proc = None
        if self._log:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        """SIGKILL, as a crash would: no shutdown code runs."""
        self.stop(signal.SIGKILL)

    def _signal_group(self, sig: signal.Signals) -> None:
        if self._proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, sig)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
