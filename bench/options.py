"""Command-line options of ``python -m bench``."""

import argparse
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    duration: float  # seconds per timed scenario (pgbench and store appends)
    messages: int  # messages produced and consumed for the raw broker rate
    relay_events: int  # outbox rows the relay drains
    json_path: Path | None
    quick: bool
    #: the services as processes: HTTP, end-to-end lag, rebuild, memory
    mesh: bool = True
    clients: tuple[int, ...] = (1, 8, 32, 128)
    lag_rates: tuple[float, ...] = (50.0, 200.0, 500.0)
    rebuild_events: int = 1_000_000
    #: reporting consumer processes per scale-out round (empty: no scale-out), backlog size
    scale_out: tuple[int, ...] = (1, 2, 3)
    scale_out_events: int = 5_000
    #: only what the rebuild needs: raw limits, the commands that fill the audit log, the rebuild
    rebuild_only: bool = False
    #: only what the lag needs: raw limits, intake's POST /beneficiaries, the lag
    lag_only: bool = False


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmark the event store and outbox relay."
    )
    parser.add_argument("--quick", action="store_true", help="short runs, for a smoke test")
    parser.add_argument("--duration", type=float, help="seconds per timed scenario (default 5)")
    parser.add_argument("--messages", type=int, help="messages for the raw broker rate")
    parser.add_argument("--relay-events", type=int, help="outbox rows the relay drains")
    parser.add_argument("--no-mesh", action="store_true", help="skip the service scenarios")
    parser.add_argument("--clients", type=int, nargs="+", help="concurrent HTTP clients")
    parser.add_argument("--lag-rates", type=float, nargs="+", help="cases/s offered for the lag")
    parser.add_argument("--rebuild-events", type=int, help="audit-log events to rebuild")
    parser.add_argument("--scale-out", type=int, nargs="+", metavar="N",
                        help="reporting consumer processes per round (default 1 2 3)")  # fmt: skip
    parser.add_argument("--scale-out-events", type=int, help="backlog the members drain")
    parser.add_argument("--no-scale-out", action="store_true", help="skip the scale-out")
    parser.add_argument(
        "--rebuild-only",
        action="store_true",
        help="raw limits, the commands and lag that fill the audit log (at --clients,"
        " --lag-rates) and the rebuild only (no store, relay, reads, scale-out)",
    )
    parser.add_argument(
        "--lag-only",
        action="store_true",
        help="raw limits, intake's POST /beneficiaries at --clients and the lag at --lag-rates"
        " only (no store, relay, other services, rebuild, scale-out)",
    )
    parser.add_argument("--json", type=Path, dest="json_path", help="where to write the report")
    args = parser.parse_args(argv)
    return Options(
        duration=args.duration or (1.0 if args.quick else 5.0),
        messages=args.messages or (2_000 if args.quick else 20_000),
        relay_events=args.relay_events or (2_000 if args.quick else 20_000),
        json_path=args.json_path,
        quick=args.quick,
        mesh=not args.no_mesh,
        clients=tuple(args.clients or ((1, 8) if args.quick else (1, 8, 32, 128))),
        lag_rates=tuple(args.lag_rates or ((20.0,) if args.quick else (50.0, 200.0, 500.0))),
        rebuild_events=args.rebuild_events or (20_000 if args.quick else 1_000_000),
        scale_out=_scale_out(args),
        scale_out_events=args.scale_out_events or (1_000 if args.quick else 5_000),
        lag_only=args.lag_only,
        rebuild_only=args.rebuild_only,
    )


def _scale_out(args: argparse.Namespace) -> tuple[int, ...]:
    if args.no_scale_out or args.lag_only or args.rebuild_only:
        return ()
    return tuple(args.scale_out or ((1, 2) if args.quick else (1, 2, 3)))
