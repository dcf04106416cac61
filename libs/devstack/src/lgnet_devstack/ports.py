"""Loopback ports: pick a free one, wait until one answers."""

import random
import socket
import time
from pathlib import Path

#: where the kernel takes the local ports of outgoing connections
EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
#: the lowest port handed out: above the well-known and most registered services' ports
LOWEST = 15_000


def free_port() -> int:
    """A loopback port free now, for a server started a moment later."""
    return free_port_base(1) + 1


def free_port_base(count: int) -> int:
    """A base whose *count* ports ``base + 1`` … ``base + count`` are all free now.

    Chosen at random below the kernel's ephemeral range when there is room: a port from that
    range (what binding port 0 gives) can be taken by any outgoing connection — a Kafka
    client's, a database driver's — between this check and the server's bind, which made a
    service fail to start with "address already in use".
    """
    quiet = _below_ephemeral()
    if quiet is None:
        return _ephemeral_base(count)
    chance = random.SystemRandom()
    for _ in range(500):
        base = chance.randrange(quiet.start, quiet.stop - count)
        if all(port_is_free(base + offset) for offset in range(1, count + 1)):
            return base
    raise RuntimeError(f"no {count} consecutive free ports between {quiet.start} and {quiet.stop}")


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _below_ephemeral() -> range | None:
    try:
        lowest_ephemeral = int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return range(LOWEST, lowest_ephemeral) if lowest_ephemeral - LOWEST >= 1_000 else None


def _ephemeral_base(count: int) -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            base = int(sock.getsockname()[1]) - 1
        if all(port_is_free(base + offset) for offset in range(1, count + 1)):
            return base


def wait_for_port(port: int, timeout: float = 30.0, host: str = "127.0.0.1") -> None:
    """Block until *port* accepts a TCP connection, or raise ``TimeoutError``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing answered on {host}:{port} within {timeout:.0f}s")
