"""Where the dev stack keeps what outlives one run: PostgreSQL data, logs, dev secrets."""

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STATE_DIR_VARIABLE = "LGNET_STATE_DIR"


def find_repo_root(start: Path) -> Path | None:
    """The nearest folder at or above *start* that holds LGNet's ``pyproject.toml``."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "libs" / "devstack").is_dir():
            return folder
    return None


def default_state_dir() -> Path:
    """``$LGNET_STATE_DIR``, else ``.lgnet/`` in the repository (or the current folder)."""
    configured = os.environ.get(STATE_DIR_VARIABLE)
    if configured:
        return Path(configured).resolve()
    cwd = Path.cwd()
    return (find_repo_root(cwd) or cwd) / ".lgnet"


@dataclass(frozen=True)
class StateDir:
    root: Path

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def postgres_data(self) -> Path:
        return self.root / "postgres" / "data"

    @property
    def record_file(self) -> Path:
        return self.root / "stack.json"

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def secret(self, name: str, make: Callable[[], str]) -> str:
        """The secret kept in ``<root>/secrets/<name>``, made on first use (mode 0600)."""
        path = self.root / "secrets" / name
        if path.is_file():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        value = make()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(value + "\n")
        return value
