"""``python -m bench [--quick] [--duration S] [--json PATH]``: run, print the table, save JSON."""

import asyncio
import logging
import sys

from rich.console import Console

from bench.options import parse_options
from bench.report import default_path, render, write_json
from bench.run import run
from bench.targets import open_target


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING)
    options = parse_options(argv)
    # Piped output (make, CI logs) keeps the table's full width instead of wrapping at 80.
    console = Console(width=None if sys.stdout.isatty() else 150)
    with console.status("benchmarking (the servers start first)..."), open_target() as target:
        report = asyncio.run(run(target, options))
    render(report, console)
    path = options.json_path or default_path(report.started_at)
    write_json(report, path)
    console.print(f"report written to {path}")


if __name__ == "__main__":
    main()
