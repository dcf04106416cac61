"""``python -m lgnet_cli``: the same as the ``lgnet`` command."""

from lgnet_cli.main import app

app(prog_name="lgnet")
