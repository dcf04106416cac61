"""Peak memory of each process: the kernel's high-water mark of resident memory (VmHWM)."""

import contextlib
from pathlib import Path

import psutil

MIB = 1024 * 1024


def peak_mb(pid: int) -> float:
    """Largest resident set the process has had, in MiB (current RSS where VmHWM is unknown)."""
    status = Path(f"/proc/{pid}/status")
    with contextlib.suppress(OSError):
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) * 1024 / MIB, 1)
    with contextlib.suppress(psutil.Error):
        return round(float(psutil.Process(pid).memory_info().rss) / MIB, 1)
    return 0.0


def tree_peak_mb(pid: int) -> float:
    """A server and its children now alive (PostgreSQL: postmaster, backends, workers).

    Each member's own peak, summed: an upper bound of the tree's peak (shared buffers are
    counted once per process that touched them)."""
    total = peak_mb(pid)
    with contextlib.suppress(psutil.Error):
        total += sum(peak_mb(child.pid) for child in psutil.Process(pid).children(recursive=True))
    return round(total, 1)


def _reset_peak(pid: int) -> None:
    """Start the process's high-water mark again from its current resident set (Linux 4.0+)."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")


class PeakMemory:
    """Peak resident memory of processes (servers: their whole tree) over one measurement."""

    def __init__(self, processes: dict[str, int]) -> None:
        self.processes = processes

    def reset(self) -> None:
        for pid in self.processes.values():
            _reset_peak(pid)
            with contextlib.suppress(psutil.Error):
                for child in psutil.Process(pid).children(recursive=True):
                    _reset_peak(child.pid)

    def peaks(self) -> dict[str, float]:
        """MiB per process since :meth:`reset` (a tree: its members now alive, summed)."""
        return {name: tree_peak_mb(pid) for name, pid in self.processes.items()}


def memory_peaks(services: dict[str, int], servers: dict[str, int]) -> dict[str, float]:
    """MiB per process: each service's uvicorn process, each server's process tree."""
    peaks = {service: peak_mb(pid) for service, pid in services.items()}
    peaks |= {name: tree_peak_mb(pid) for name, pid in servers.items()}
    peaks["bench"] = peak_mb(psutil.Process().pid)
    return peaks
