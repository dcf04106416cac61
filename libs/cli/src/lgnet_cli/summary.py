"""What `lgnet dev up` and `lgnet dev status` show: where everything is, and how to call it."""

from pathlib import Path

import httpx

from lgnet_cli.console import console, print_raw
from lgnet_devstack.record import StackRecord


def _rows(record: StackRecord) -> list[tuple[str, str]]:
    first_database = next(iter(record.database_urls.values()), "")
    postgres = first_database.replace("+asyncpg", "").rsplit("/", 1)[0]
    rows = [("postgres", postgres), ("broker", record.bootstrap)]
    return rows + [(name, f"{url}/docs") for name, url in record.service_urls.items()]


def print_endpoints(record: StackRecord, with_health: bool = False) -> None:
    """One plain line per part, so addresses and log paths copy whole at any width."""
    for name, address in _rows(record):
        health = f"{_health(record.service_urls.get(name)):<6} " if with_health else ""
        log = shown(record.logs[name]) if name in record.logs else "(external)"
        console.print(
            f"  [bold]{name:<10}[/] {health}{address:<44} [dim]log: {log}[/]", soft_wrap=True
        )


def shown(path: str | Path) -> str:
    """*path* relative to the current folder when it is inside it: shorter to read and copy."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _health(url: str | None) -> str:
    if url is None:
        return "-"
    try:
        answer = httpx.get(f"{url}/health", timeout=2.0)
    except httpx.TransportError as error:
        return type(error).__name__
    return "ok" if answer.is_success else str(answer.status_code)


def print_summary(record: StackRecord, token: str, token_file: Path) -> None:
    console.print("[bold]LGNet dev stack[/]")
    print_endpoints(record)
    where = shown(token_file)
    console.print(f"\nDev token (coordinator + admin, every municipality, 12 h), in {where}:")
    print_raw(token)
    console.print("\nTry:")
    print_raw(f'  export TOKEN="$(cat {shown(token_file)})"')
    for url in record.service_urls.values():
        print_raw(f'  curl -H "Authorization: Bearer $TOKEN" {url}/health')
    if not record.service_urls:
        console.print("  (no service process runs: none has an app yet, or --no-services)")
    print_raw("  lgnet token --role operator --municipality bologna   # a narrower token")


def print_status(record: StackRecord) -> None:
    console.print(f"dev stack running (pid {record.pid}), topic namespace {record.namespace}")
    print_endpoints(record, with_health=True)
