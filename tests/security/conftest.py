"""One whole mesh for the security suite: PostgreSQL, Tansu and the four services as processes,
with a small world of records in two municipalities (ours, and another one)."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lgnet_cli.scenario import MintedTokens
from lgnet_devstack.credentials import dev_auth_secret
from lgnet_devstack.stack import DevStack, StackConfig
from lgnet_devstack.state import StateDir
from tests.e2e.conftest import OUTSIDE, RunningMesh, free_port_base

from .world import World, build_world


@pytest.fixture(scope="session")
def mesh() -> Iterator[RunningMesh]:
    outside = [name for name in OUTSIDE if os.environ.get(name)]
    outside += [name for name in os.environ if name.endswith("_DATABASE_URL")]
    if outside:
        pytest.skip(f"the security mesh runs its own infrastructure: unset {', '.join(outside)}")
    # Not under pytest's basetemp: a concurrent pytest session prunes old basetemps, and
    # would pull the data directory from under a long-running PostgreSQL.
    with tempfile.TemporaryDirectory(prefix="lgnet-security-") as folder:
        state = StateDir(Path(folder))
        stack = DevStack(
            StackConfig(state, port_base=free_port_base(), ready_timeout=90), lambda _: None
        )
        try:
            stack.start()
            yield RunningMesh(stack, MintedTokens(dev_auth_secret(state)))
        finally:
            stack.stop()


@pytest.fixture(scope="session")
def secret(mesh: RunningMesh) -> str:
    return dev_auth_secret(mesh.state)


@pytest.fixture(scope="session")
def world(mesh: RunningMesh, secret: str) -> Iterator[World]:
    built = build_world(mesh.urls, secret)
    yield built
    built.close()
