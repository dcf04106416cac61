"""Waiting for a service process to answer ``/ready`` (or ``/health`` if it has no /ready)."""

import time
from collections.abc import Callable

import httpx

from lgnet_devstack.process import ManagedProcess


class ServiceFailed(RuntimeError):
    """A service exited, or did not become ready in time; the message names its log."""


def wait_until_ready(
    name: str,
    base_url: str,
    process: ManagedProcess,
    timeout: float = 60.0,
    interrupted: Callable[[], bool] = lambda: False,
) -> None:
    """Return once the service answers, or when *interrupted* says so; else raise."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline and not interrupted():
            if not process.running():
                raise ServiceFailed(f"{name} exited during start-up; its log: {process.log_path}")
            if _answers(client, base_url):
                return
            time.sleep(0.25)
    if interrupted():
        return
    raise ServiceFailed(f"{name} was not ready after {timeout:.0f}s; its log: {process.log_path}")


def _answers(client: httpx.Client, base_url: str) -> bool:
    try:
        ready = client.get(f"{base_url}/ready")
        if ready.status_code == httpx.codes.NOT_FOUND:
            ready = client.get(f"{base_url}/health")
    except httpx.TransportError:
        return False
    return ready.is_success
