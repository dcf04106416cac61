"""A service process started by the dev stack goes on SIGTERM, and dies with the stack even
when it was restarted from a worker thread (no orphan left behind)."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import httpx
import pytest

from lgnet_devstack.process import ManagedProcess
from lgnet_devstack.stack import DevStack, StackConfig
from lgnet_devstack.state import StateDir
from lgnet_events.testing.infra import Infra
from lgnet_events.topics import SERVICES

from .conftest import alive, free_port_base

pytestmark = pytest.mark.e2e

#: what a service may take from SIGTERM to exit
PROMPT = 15.0

RESTARTED_IN_A_THREAD = """
import sys, threading, time
from pathlib import Path
from lgnet_devstack.stack import DevStack, StackConfig
from lgnet_devstack.state import StateDir

state, port_base, namespace = StateDir(Path(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
config = StackConfig(state, port_base=port_base, services=("housing",), namespace=namespace)
stack = DevStack(config, lambda _: None)
stack.start()
restart = threading.Thread(target=stack.restart_service, args=("housing",))
restart.start()
restart.join()
print("housing", stack.process_of("housing").pid, stack.record.service_urls["housing"], flush=True)
time.sleep(600)
"""


@pytest.fixture
async def outside_infrastructure(
    infra: Infra, unique_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every database and the broker from the test infrastructure: only services start."""
    for service in SERVICES:
        url = await infra.create_database(f"{unique_name}_{service}")
        monkeypatch.setenv(f"LGNET_{service.upper()}_DATABASE_URL", url)
    monkeypatch.setenv("LGNET_KAFKA_BOOTSTRAP", infra.bootstrap)


def housing_stack(state: Path, namespace: str) -> DevStack:
    config = StackConfig(
        StateDir(state), port_base=free_port_base(), services=("housing",), namespace=namespace
    )
    return DevStack(config, lambda _: None)


async def exited_within(process: ManagedProcess, timeout: float) -> float | None:
    """Seconds *process* took to exit, or None if it still runs after *timeout*."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not process.running():
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    return None


@pytest.mark.usefixtures("outside_infrastructure")
async def test_a_service_process_exits_promptly_on_sigterm(tmp_path: Path, namespace: str) -> None:
    stack = housing_stack(tmp_path, namespace)
    try:
        await asyncio.to_thread(stack.start)
        housing = stack.process_of("housing")
        assert housing.pid is not None
        async with httpx.AsyncClient(base_url=stack.record.service_urls["housing"]) as client:
            assert (await client.get("/ready")).status_code == 200  # a keep-alive stays open
            os.kill(housing.pid, signal.SIGTERM)
            took = await exited_within(housing, PROMPT)
        assert took is not None, (
            f"housing still runs {PROMPT}s after SIGTERM:\n{housing.log_tail()}"
        )
    finally:
        await asyncio.to_thread(stack.stop)


@pytest.mark.usefixtures("outside_infrastructure")
async def test_a_service_restarted_from_a_thread_still_dies_with_the_stack(
    tmp_path: Path, namespace: str
) -> None:
    argv = [sys.executable, "-c", RESTARTED_IN_A_THREAD, str(tmp_path), str(free_port_base()),
            namespace]  # fmt: skip
    popen = partial(subprocess.Popen, argv, stdout=subprocess.PIPE, text=True)
    parent = await asyncio.to_thread(popen)
    try:
        assert parent.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(parent.stdout.readline), 120)
        _, pid, url = line.split()
        async with httpx.AsyncClient(base_url=url) as client:
            response = await client.get("/health")
        assert response.status_code == 200, "alive after the restarting thread ended"
        parent.kill()
        await asyncio.to_thread(parent.wait, 30)
        assert alive({int(pid)}, grace=PROMPT) == set()
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
