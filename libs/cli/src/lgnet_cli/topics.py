"""``lgnet topics``: create the platform's topics on a broker (what `dev up` does itself)."""

import asyncio
from typing import Annotated

import typer

from lgnet_cli import endpoints
from lgnet_cli.console import console
from lgnet_devstack.environment import topic_namespace
from lgnet_events.topics import DEFAULT_PARTITIONS, all_topics, ensure_topics


def topics(
    bootstrap: Annotated[
        str | None,
        typer.Option(
            help="Kafka bootstrap servers (default: `LGNET_KAFKA_BOOTSTRAP` or the running "
            "dev stack).",
            show_default=False,
        ),
    ] = None,
    partitions: Annotated[int, typer.Option(min=1, help="Partitions of new topics.")] = (
        DEFAULT_PARTITIONS
    ),
) -> None:
    """Create the events and dead-letter topics that are missing (unlimited retention).

    Topic names use `LGNET_TOPIC_NAMESPACE` (default lgnet). Existing topics are left as
    they are.
    """
    names = all_topics(topic_namespace())
    created = asyncio.run(ensure_topics(endpoints.bootstrap(bootstrap), names, partitions))
    for name in names:
        console.print(f"  {name:<32} {'created' if name in created else 'exists'}")
