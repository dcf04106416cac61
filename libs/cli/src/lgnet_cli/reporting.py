"""``lgnet reporting rebuild|reconsume``: reporting's own commands, pointed at the right stack."""

import os

import typer

from lgnet_cli import endpoints
from reporting.cli import app as reporting_app

app = typer.Typer(
    help="Rebuild reporting's projections from its audit log (while the old ones keep serving),"
    " or re-read every topic from the beginning (deduplicated).",
    no_args_is_help=True,
)


@app.callback()
def point_at_stack() -> None:
    """Use ``LGNET_REPORTING_DATABASE_URL``, ``LGNET_KAFKA_BOOTSTRAP`` and
    ``LGNET_TOPIC_NAMESPACE``, else the running dev stack's (reporting's own settings then say
    what is missing)."""
    stack = endpoints.running_stack()
    if stack is None:
        return
    if "reporting" in stack.database_urls:
        url = endpoints.database_url("reporting", stack.database_urls["reporting"])
        os.environ.setdefault("LGNET_REPORTING_DATABASE_URL", url)
    os.environ.setdefault("LGNET_KAFKA_BOOTSTRAP", stack.bootstrap)
    os.environ.setdefault("LGNET_TOPIC_NAMESPACE", stack.namespace)


for command in reporting_app.registered_commands:
    app.registered_commands.append(command)
