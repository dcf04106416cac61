"""One mesh for the short fault suite: the faults run one after another on it, in order."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.mesh import FaultMesh, fault_mesh, outside_variables
from tests.faults.outcome import FaultRow, render


@pytest.fixture(scope="module")
def faulty_mesh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultMesh]:
    outside = outside_variables()
    if outside:
        pytest.skip(f"the fault mesh runs its own infrastructure: unset {', '.join(outside)}")
    with fault_mesh(Path(tmp_path_factory.mktemp("faults"))) as mesh:
        yield mesh


@pytest.fixture(scope="module")
def fault_rows(request: pytest.FixtureRequest) -> Iterator[list[FaultRow]]:
    """The rows of the module's faults, printed as a table at the end (seen with ``-s``)."""
    rows: list[FaultRow] = []
    yield rows
    if rows:
        from rich.console import Console

        render(rows, Console(width=200), "short fault suite")
