"""One whole mesh per test module: PostgreSQL, Tansu and the four services as real processes."""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lgnet_cli.scenario import GroundTruth, MintedTokens, Person
from lgnet_devstack import ports
from lgnet_devstack.credentials import dev_auth_secret
from lgnet_devstack.stack import DevStack, StackConfig
from lgnet_devstack.state import StateDir
from lgnet_events.topics import SERVICES

#: variables that would point the stack at other infrastructure or secrets than its own
OUTSIDE = ("LGNET_KAFKA_BOOTSTRAP", "LGNET_TOPIC_NAMESPACE", "LGNET_AUTH_HS256_SECRET",
           "LGNET_MASTER_KEY")  # fmt: skip


@dataclass
class RunningMesh:
    stack: DevStack
    tokens: MintedTokens
    #: everything the tests of the module had accepted with a 2xx, accumulated
    truth: GroundTruth = field(default_factory=GroundTruth)
    #: the strings that must never leave intake in clear
    secrets: list[str] = field(default_factory=list)

    @property
    def urls(self) -> dict[str, str]:
        return dict(self.stack.record.service_urls)

    @property
    def state(self) -> StateDir:
        return self.stack.config.state

    def remember(self, people: list[Person]) -> None:
        self.secrets += [secret for person in people for secret in person.secrets()]


def free_port_base() -> int:
    """A base whose four service ports (base + 1 … base + 4) are free."""
    return ports.free_port_base(len(SERVICES))


@pytest.fixture(scope="module")
def mesh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMesh]:
    outside = [name for name in OUTSIDE if os.environ.get(name)]
    outside += [name for name in os.environ if name.endswith("_DATABASE_URL")]
    if outside:
        pytest.skip(f"the e2e mesh runs its own infrastructure: unset {', '.join(outside)}")
    state = StateDir(Path(tmp_path_factory.mktemp("mesh")))
    stack = DevStack(
        StackConfig(state, port_base=free_port_base(), ready_timeout=90), lambda _: None
    )
    try:
        stack.start()
        yield RunningMesh(stack, MintedTokens(dev_auth_secret(state)))
    finally:
        stack.stop()
