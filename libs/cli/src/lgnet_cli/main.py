"""The ``lgnet`` command: verbs assembled from their modules."""

import typer

from lgnet_cli import dev, reporting
from lgnet_cli.migrate import migrate
from lgnet_cli.republish import republish
from lgnet_cli.seed import seed
from lgnet_cli.token import token
from lgnet_cli.topics import topics

app = typer.Typer(
    name="lgnet",
    help="LGNet: run the platform locally, mint dev tokens, migrate, re-send events.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(dev.app, name="dev")
app.add_typer(reporting.app, name="reporting")
app.command()(token)
app.command()(migrate)
app.command()(republish)
app.command()(topics)
app.command()(seed)

if __name__ == "__main__":
    app()
