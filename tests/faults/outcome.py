"""One fault's result row, and the table of them (printed and saved as JSON)."""

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

RESULTS_DIR = Path(__file__).resolve().parents[2] / "bench" / "results"
#: the end of the name of a fault's own figure that must be 0 for the row to be sound
MUST_BE_ZERO = "(must be 0)"


@dataclass(frozen=True)
class FaultRow:
    fault: str
    #: commands answered with a 2xx during this fault's load
    accepted: int
    #: events the services stored during it, and rows reporting's audit log gained
    stored: int
    audited: int
    #: over the whole history of the mesh, not only this fault
    lost: int
    duplicated: int
    #: seconds from the end of the fault (or of the load, if later) to the figures settled
    converge_seconds: float
    #: reporting's table equals the ground truth of what was accepted
    figures_match: bool
    #: requests of the load that failed for good (``ScenarioRun.truth.problems``)
    problems: list[str] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)
    load_average: float = field(default_factory=lambda: round(os.getloadavg()[0], 2))

    @property
    def sound(self) -> bool:
        """Nothing lost, nothing twice, the figures right, the checks of the fault passed."""
        wrong = sum(v for k, v in self.extra.items() if k.endswith(MUST_BE_ZERO))
        return (
            (self.lost, self.duplicated, wrong) == (0, 0, 0)
            and self.figures_match
            and not (self.problems)
        )


def render(rows: list[FaultRow], console: Console, title: str) -> None:
    table = Table(title=title, caption="lost and duplicated count the mesh's whole history")
    columns = ("fault", "accepted", "stored", "in reporting", "lost", "duplicated",
               "converged in", "figures", "load", "notes")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column in ("fault", "notes") else "right")
    for row in rows:
        notes = ", ".join(f"{k} {v}" for k, v in row.extra.items())
        notes += "".join(f"; problem: {p}" for p in row.problems[:3])
        table.add_row(
            row.fault, str(row.accepted), str(row.stored), str(row.audited), str(row.lost),
            str(row.duplicated), f"{row.converge_seconds:.1f} s",
            "= truth" if row.figures_match else "DIFFER", f"{row.load_average:.1f}", notes,
        )  # fmt: skip
    console.print(table)


def write_json(rows: list[FaultRow], meta: dict[str, Any], path: Path | None = None) -> Path:
    started = datetime.now(UTC)
    path = path or RESULTS_DIR / f"faults-{started:%Y%m%dT%H%M%SZ}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"written_at": started.isoformat(), **meta, "rows": [asdict(r) for r in rows]}
    path.write_text(json.dumps(body, indent=2) + "\n")
    return path
