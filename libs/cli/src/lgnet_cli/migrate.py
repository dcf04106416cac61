"""``lgnet migrate``: bring services' databases to the latest schema."""

from typing import Annotated

import typer

from lgnet_cli import endpoints
from lgnet_cli.console import fail, say
from lgnet_devstack.migrations import migrate as run_migrations
from lgnet_devstack.services import check_service
from lgnet_events.topics import SERVICES


def migrate(
    service: Annotated[
        str | None, typer.Argument(help="One service; all four when left out.", show_default=False)
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Only with SERVICE: its database (default: `LGNET_<SERVICE>_DATABASE_URL`"
            " or the running dev stack).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the Alembic migrations of SERVICE (or of every service) up to head."""
    if database_url and not service:
        fail("--database-url needs a SERVICE")
    try:
        chosen = [check_service(service)] if service else list(SERVICES)
    except ValueError as error:
        fail(str(error))
    for name in chosen:
        run_migrations(name, endpoints.database_url(name, database_url), say)
