"""The scale-out rounds side by side: speed-up over one member, shares, lag, same results."""

from rich.console import Console
from rich.table import Table

from bench.measurement import Measurement
from bench.report import Report

PREFIX = "reporting.scale_out."
#: the raw limits printed beside every round
LIMITS = ("postgres.commit.1_connection", "postgres.commit.16_connections", "broker.consume")


def _row(figure: Measurement, first: Measurement) -> list[str]:
    details = figure.details
    shares = "/".join(str(n) for n in details.get("partitions_held", []))
    same = details.get("identical_to_first")
    return [
        str(details.get("members", "")),
        f"{figure.rate:,.0f} events/s",
        f"{figure.rate / first.rate:.2f}x",
        shares,
        f"{details.get('peak_lag', 0):,}",
        "yes" if same else f"NO: {', '.join(details.get('differing_tables', []))}",
        str(details.get("load_average_1m", "")),
        " ".join(f"{name} {cores:.2f}" for name, cores in figure.cpu.items()),
    ]


def render_scale_out(report: Report, console: Console) -> None:
    rounds = [m for m in report.measurements if m.key.startswith(PREFIX)]
    if not rounds:
        return
    limits = {m.key: m for m in report.measurements if m.key in LIMITS}
    caption = ", ".join(f"{m.label} {m.rate:,.0f} {m.unit}s/s" for m in limits.values())
    table = Table(title=f"Scale-out: reporting consumer processes, {rounds[0].count:,} events",
                  caption=f"raw limits: {caption}")  # fmt: skip
    for column in ("members", "rate", "speed-up", "partitions", "peak lag", "identical",
                   "load 1m", "cpu (cores)"):  # fmt: skip
        table.add_column(column, justify="left" if column == "cpu (cores)" else "right")
    for figure in rounds:
        table.add_row(*_row(figure, rounds[0]))
    console.print(table)
