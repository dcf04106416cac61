"""Background work a service runs beside its HTTP API (outbox relay, consumers)."""

from typing import Any, Protocol


class BackgroundWorker(Protocol):
    """Started by the app's lifespan, stopped at shutdown, asked for status by /ready."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def status(self) -> dict[str, Any]:
        """``{"running": bool, ...}`` plus figures such as backlog or lag."""
        ...
