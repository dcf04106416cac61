"""``python -m bench [--quick] [--no-mesh] [--scale-out N ...] [--json PATH]``: run, print, save."""

import asyncio
import dataclasses
import logging
import sys

from rich.console import Console

from bench.mesh import open_mesh
from bench.options import parse_options
from bench.report import default_path, render, write_json
from bench.run import mesh_figures, new_run_id, run
from bench.scaleout import scale_out_figures
from bench.scaleout_report import render_scale_out
from bench.targets import open_target


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING)
    options = parse_options(argv)
    # Piped output (make, CI logs) keeps the table's full width instead of wrapping at 80.
    console = Console(width=None if sys.stdout.isatty() else 150)
    run_id = new_run_id()
    with console.status("benchmarking (the servers start first)..."), open_target() as target:
        report = asyncio.run(run(target, options, run_id))
        if options.mesh:
            # The stack starts outside an event loop: it runs its own to create the topics.
            with open_mesh(target, run_id) as mesh:
                figures, memory = asyncio.run(mesh_figures(target, mesh, options))
            report = dataclasses.replace(
                report, measurements=[*report.measurements, *figures], memory_mb=memory
            )
        if options.scale_out:
            rounds = scale_out_figures(target, options.scale_out, options.scale_out_events, run_id)
            report = dataclasses.replace(
                report, measurements=[*report.measurements, *asyncio.run(rounds)]
            )
    render(report, console)
    render_scale_out(report, console)
    path = options.json_path or default_path(report.started_at)
    write_json(report, path)
    console.print(f"report written to {path}")


if __name__ == "__main__":
    main()
