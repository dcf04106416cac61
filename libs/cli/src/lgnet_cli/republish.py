"""``lgnet republish``: re-send a service's stored events, e.g. after the broker lost them."""

import asyncio
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from lgnet_cli import endpoints
from lgnet_cli.console import console, fail
from lgnet_devstack.environment import topic_namespace
from lgnet_events.topics import SERVICES, events_topic

PUBLISHERS = tuple(service for service in SERVICES if service != "reporting")


def republish(
    service: Annotated[str, typer.Argument(help=f"One of {', '.join(PUBLISHERS)}.")],
    from_position: Annotated[
        int, typer.Option("--from", min=0, help="Send events after this store position.")
    ] = 0,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="The service's database (default: `LGNET_<SERVICE>_DATABASE_URL` "
            "or the running dev stack).",
            show_default=False,
        ),
    ] = None,
    bootstrap: Annotated[
        str | None,
        typer.Option(
            help="Kafka bootstrap servers (default: LGNET_KAFKA_BOOTSTRAP or the "
            "running dev stack).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Publish SERVICE's stored events again, in order, to its events topic.

    Consumers skip events they already have (by event id), so this is safe to repeat.
    """
    if service not in PUBLISHERS:
        fail(f"{service!r} publishes no events: choose one of {', '.join(PUBLISHERS)}")
    from lgnet_events.republish import republish as send_again

    url, servers = endpoints.database_url(service, database_url), endpoints.bootstrap(bootstrap)
    topic = events_topic(service, topic_namespace())
    columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(f"{service} -> {topic}", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        sent = asyncio.run(
            send_again(url, servers, topic, from_position=from_position, on_progress=on_progress)
        )
        progress.update(task, completed=sent, total=sent)
    console.print(f"{sent} events re-sent to {topic} (after position {from_position}).")
