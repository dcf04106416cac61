"""Ports for the stack's servers come from below the kernel's ephemeral range."""

import socket

import pytest

from lgnet_devstack import ports


def test_a_port_base_is_below_the_ephemeral_range_and_all_its_ports_bind() -> None:
    lowest_ephemeral = int(ports.EPHEMERAL_RANGE.read_text().split()[0])
    if lowest_ephemeral - ports.LOWEST < 1_000:
        pytest.skip("no room below this kernel's ephemeral range")
    base = ports.free_port_base(4)
    assert base + 1 >= ports.LOWEST
    assert base + 4 < lowest_ephemeral
    for offset in range(1, 5):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", base + offset))


def test_a_taken_port_is_never_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two ports free below the ephemeral range, where no outgoing connection takes the
    # second meanwhile (with a port of that range, one did: nothing was left to offer).
    base = ports.free_port_base(2)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", base + 1))
        taken.listen()
        assert not ports.port_is_free(base + 1)
        monkeypatch.setattr(ports, "_below_ephemeral", lambda: range(base, base + 3))
        assert ports.free_port_base(1) + 1 == base + 2
