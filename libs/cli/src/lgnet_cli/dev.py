"""``lgnet dev``: the whole platform on this machine (DESIGN 9)."""

import importlib
import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from lgnet_cli.console import console, fail, say
from lgnet_cli.summary import print_status, print_summary
from lgnet_cli.token import dev_token
from lgnet_devstack.credentials import dev_auth_secret
from lgnet_devstack.environment import topic_namespace
from lgnet_devstack.record import StackRecord
from lgnet_devstack.services import DEFAULT_PORT_BASE, check_service
from lgnet_devstack.signals import StopRequested, stop_on_signals
from lgnet_devstack.stack import DevStack, StackConfig
from lgnet_devstack.state import StateDir, default_state_dir
from lgnet_events.topics import SERVICES

app = typer.Typer(help="Run LGNet on this machine: embedded PostgreSQL, broker, services.")

#: the dev token printed by `dev up`: works every service, in every municipality
DEV_ROLES = ["coordinator", "admin"]
DEV_TOKEN_TTL = timedelta(hours=12)

StateOption = Annotated[
    Path | None,
    typer.Option(
        "--state-dir",
        envvar="LGNET_STATE_DIR",
        help="Where data, logs and dev secrets live (default: .lgnet/ in the repository).",
        show_default=False,
    ),
]


@app.command()
def up(
    port_base: Annotated[
        int,
        typer.Option(help="Services listen on base+1..base+4 (intake, housing, civic, reporting)."),
    ] = DEFAULT_PORT_BASE,
    postgres_port: Annotated[
        int, typer.Option(envvar="LGNET_DEV_POSTGRES_PORT", help="0: any free port.")
    ] = 0,
    kafka_port: Annotated[
        int, typer.Option(envvar="LGNET_DEV_KAFKA_PORT", help="0: any free port.")
    ] = 0,
    service: Annotated[
        list[str] | None,
        typer.Option("--service", "-s", help="Only this service (repeatable).", show_default=False),
    ] = None,
    services: Annotated[
        bool, typer.Option(help="Start the service processes (--no-services: infrastructure only).")
    ] = True,
    migrate: Annotated[bool, typer.Option(help="Run the services' migrations first.")] = True,
    seed: Annotated[bool, typer.Option(help="Load demo data once the services are ready.")] = True,
    ready_timeout: Annotated[float, typer.Option(help="Seconds to wait for each /ready.")] = 60.0,
    state_dir: StateOption = None,
) -> None:
    """Start PostgreSQL, the Tansu broker and every service that exists; stop all on Ctrl-C.

    Creates the databases and the topics (6 partitions), runs migrations, prints the URLs
    and a token. `LGNET_KAFKA_BOOTSTRAP` and `LGNET_<SERVICE>_DATABASE_URL` switch to external
    infrastructure. Logs: `<state-dir>/logs/<name>.log`.
    """
    state = StateDir(state_dir.resolve() if state_dir else default_state_dir())
    chosen = tuple(check_service_option(name) for name in service) if service else SERVICES
    config = StackConfig(
        state, port_base, postgres_port or None, kafka_port or None, chosen,
        services, migrate, topic_namespace(), ready_timeout,
    )  # fmt: skip
    raise typer.Exit(run_stack(config, seed))


def check_service_option(name: str) -> str:
    try:
        return check_service(name)
    except ValueError as error:
        fail(str(error))


def run_stack(config: StackConfig, seed: bool) -> int:
    """Start, serve until a signal (0) or until a process dies (1), always stop everything."""
    with stop_on_signals() as stop_flag:
        stack = DevStack(config, say, stop_flag)
        try:
            return serve(stack, seed)
        except StopRequested:
            return 0
        except Exception as error:
            if stop_flag.event.is_set():
                return 0  # Ctrl-C also reaches start-up helpers such as initdb: not a failure
            console.print(f"[bold red]LGNet stopped:[/] {escape(type(error).__name__)}: "
                          f"{escape(str(error))}", soft_wrap=True)  # fmt: skip
            return 1
        finally:
            say("stopping…")
            stack.stop()
            say("stopped.")


def serve(stack: DevStack, seed: bool) -> int:
    stack.start()
    token = announce(stack.record, stack.config.state)
    if seed:
        load_demo_data(stack.record, token)
    console.print("[bold green]LGNet is ready.[/] Press Ctrl-C to stop.", soft_wrap=True)
    dead = stack.wait()
    if dead is None:
        return 0
    console.print(f"[red]{dead} stopped unexpectedly[/]: see {stack.record.logs[dead]}")
    return 1


def announce(record: StackRecord, state: StateDir) -> str:
    secret = dev_auth_secret(state)
    token = dev_token(secret, "dev", DEV_ROLES, ["*"], DEV_TOKEN_TTL)
    token_file = state.root / "token"
    token_file.write_text(token + "\n")
    os.chmod(token_file, 0o600)
    print_summary(record, token, token_file)
    return token


def load_demo_data(record: StackRecord, token: str) -> None:
    """Hook for demo data: ``lgnet_cli.seed.seed_dev_stack(service_urls, token, say)``."""
    try:
        seed = importlib.import_module("lgnet_cli.seed")
    except ModuleNotFoundError:
        say("no demo data yet (lgnet_cli.seed does not exist): the databases start empty")
        return
    if not record.service_urls:
        say("no service is running: demo data skipped")
        return
    seed.seed_dev_stack(dict(record.service_urls), token, say)


@app.command()
def status(state_dir: StateOption = None) -> None:
    """Say whether a dev stack runs from the state folder, with its URLs and health."""
    state = StateDir(state_dir.resolve() if state_dir else default_state_dir())
    record = StackRecord.read(state.record_file)
    if record is None:
        fail(f"no dev stack runs from {state.root}: start one with `lgnet dev up`")
    print_status(record)
