"""Wall time of a scenario and the CPU each process spent in it: where the time goes."""

import os
import time

import psutil


def _own_cpu() -> float:
    """This process plus the children it has waited for (pgbench)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _tree_cpu(pid: int) -> float:
    """A server and its live children; the server's own counters hold its exited children."""
    try:
        root = psutil.Process(pid)
        own = root.cpu_times()
        total = own.user + own.system + own.children_user + own.children_system
        for child in root.children(recursive=True):
            try:
                child_times = child.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += child_times.user + child_times.system
    except psutil.NoSuchProcess:
        return 0.0
    return float(total)


class Stopwatch:
    """Times one scenario; reports the CPU cores each process used on average during it."""

    def __init__(self, server_pids: dict[str, int]) -> None:
        self.server_pids = server_pids
        self._started = 0.0
        self._cpu: dict[str, float] = {}

    def _sample(self) -> dict[str, float]:
        sample = {"bench": _own_cpu()}
        sample.update({name: _tree_cpu(pid) for name, pid in self.server_pids.items()})
        return sample

    def start(self) -> None:
        self._cpu = self._sample()
        self._started = time.perf_counter()

    def stop(self) -> tuple[float, dict[str, float]]:
        """Seconds since :meth:`start` and, per process, CPU seconds per wall second."""
        seconds = time.perf_counter() - self._started
        now = self._sample()
        cores = {name: round((now[name] - self._cpu[name]) / seconds, 2) for name in now}
        return seconds, cores
