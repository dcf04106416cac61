"""``<state>/stack.json``: what a running ``lgnet dev up`` started, for the other verbs."""

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class StackRecord:
    pid: int
    bootstrap: str
    namespace: str
    database_urls: dict[str, str] = field(default_factory=dict)
    service_urls: dict[str, str] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, path: Path) -> "StackRecord | None":
        """The record of a stack that is still running, else None."""
        try:
            record = cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None
        return record if pid_alive(record.pid) else None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
