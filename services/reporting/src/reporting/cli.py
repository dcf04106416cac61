"""``lgnet reporting rebuild|reconsume``: a Typer app the ``lgnet`` CLI mounts."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from lgnet_events.catalog import default_registry
from reporting.rebuild import rebuild_projections
from reporting.reconsume import reconsume
from reporting.settings import load_settings

app = typer.Typer(help="The reporting service's projections and audit log.")
console = Console(stderr=True)
R = TypeVar("R")


async def _with_engine(work: Callable[[AsyncEngine], Awaitable[R]]) -> R:
    url = load_settings().database_url
    if not url:
        console.print(
            "[red]error:[/] no database for reporting: set LGNET_REPORTING_DATABASE_URL"
            " or start `lgnet dev up`"
        )
        raise typer.Exit(1)
    engine = create_async_engine(url)
    try:
        return await work(engine)
    finally:
        await engine.dispose()


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("rebuilding"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} events/s"),
        TimeRemainingColumn(),
        console=console,
    )


@app.command()
def rebuild(
    batch_size: Annotated[int, typer.Option(help="audit positions per set-based step")] = 100_000,
) -> None:
    """Rebuild the projections from the audit log, then swap them in atomically."""
    with _progress_bar() as bar:
        task = bar.add_task("rebuild", total=None, rate="-")

        async def progress(done: int, total: int) -> None:
            speed = bar.tasks[task].speed
            bar.update(task, completed=done, total=total, rate=f"{speed:,.0f}" if speed else "-")

        async def work(engine: AsyncEngine) -> int:
            return await rebuild_projections(
                engine, default_registry(), batch_size=batch_size, on_progress=progress
            )

        generation = asyncio.run(_with_engine(work))
    console.print(f"projection generation {generation} is live")


@app.command("reconsume")
def reconsume_command(
    timeout: Annotated[float, typer.Option(help="seconds to reach the end of the topics")] = 600,
) -> None:
    """Re-read all topics from the beginning; events already stored are skipped."""
    settings = load_settings()

    async def work(engine: AsyncEngine) -> int:
        return await reconsume(engine, default_registry(), settings, timeout=timeout)

    new = asyncio.run(_with_engine(work))
    console.print(f"{new} events were new")
