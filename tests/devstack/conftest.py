"""``lgnet dev up`` as a real child process, watched from outside like a developer would."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from lgnet_devstack import ports
from lgnet_devstack.record import StackRecord
from lgnet_events.topics import SERVICES

READY = "LGNet is ready."
#: variables that would switch the stack to external infrastructure or fixed secrets
OUTSIDE = ("LGNET_KAFKA_BOOTSTRAP", "LGNET_TOPIC_NAMESPACE", "LGNET_AUTH_HS256_SECRET",
           "LGNET_MASTER_KEY", "LGNET_DEV_POSTGRES_PORT", "LGNET_DEV_KAFKA_PORT")  # fmt: skip


@dataclass
class DevUp:
    process: "subprocess.Popen[str]"
    state_dir: Path
    lines: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread | None = None

    def watch(self) -> None:
        self.reader = threading.Thread(target=self.read_output, daemon=True)
        self.reader.start()

    def read_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if READY in line:
                self.ready.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_ready(self, timeout: float = 120.0) -> StackRecord:
        deadline = time.monotonic() + timeout
        while not self.ready.wait(0.2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"dev up never became ready:\n{self.output}")
        record = StackRecord.read(self.state_dir / "stack.json")
        assert record is not None
        return record

    def descendants(self) -> set[int]:
        children = psutil.Process(self.process.pid).children(recursive=True)
        return {int(child.pid) for child in children}

    def stop(self, sig: signal.Signals, timeout: float = 60.0) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout)

    def close(self) -> None:
        """Stop the stack if it still runs, and release the output pipe."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.reader is not None:
            self.reader.join(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def alive(pids: set[int], grace: float = 5.0) -> set[int]:
    """The *pids* still running (not zombies) after up to *grace* seconds."""
    deadline = time.monotonic() + grace
    while True:
        running = {pid for pid in pids if _running(pid)}
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def free_port_base() -> int:
    """A base whose four service ports are free."""
    return ports.free_port_base(len(SERVICES))


StartDevUp = Callable[..., DevUp]


@pytest.fixture(scope="module")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by a module's tests, as `make run` shares `.lgnet/`: PostgreSQL is made once."""
    return tmp_path_factory.mktemp("lgnet-state")


@pytest.fixture
def start_dev_up(state_dir: Path) -> Iterator[StartDevUp]:
    started: list[DevUp] = []

    def start(*args: str, pythonpath: Path | None = None) -> DevUp:
        env = {k: v for k, v in os.environ.items() if k not in OUTSIDE}
        env = {k: v for k, v in env.items() if not k.endswith("_DATABASE_URL")}
        env |= {"LGNET_STATE_DIR": str(state_dir), "PYTHONUNBUFFERED": "1"}
        if pythonpath:
            env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
        argv = [sys.executable, "-m", "lgnet_cli", "dev", "up", "--no-seed",
                "--port-base", str(free_port_base()), *args]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603
            argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        dev_up = DevUp(process, state_dir)
        dev_up.watch()
        started.append(dev_up)
        return dev_up

    yield start
    for dev_up in started:
        dev_up.close()
