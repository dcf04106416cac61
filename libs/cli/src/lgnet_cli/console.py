"""Where the CLI writes: rich consoles for results (stdout) and for problems (stderr)."""

import os
import sys
from typing import NoReturn

import typer
from rich.console import Console


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """stdout was closed (``lgnet dev up | head``): go on silently, for the stack must still
        stop cleanly; rich's default raises SystemExit, which would skip that."""
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        self.quiet = True


console = _Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False)


def say(message: str) -> None:
    console.print(f"[dim]·[/] {message}")


def fail(message: str, code: int = 1) -> NoReturn:
    errors.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def print_raw(text: str) -> None:
    """A value to copy (a token, a URL): never wrapped, never styled."""
    console.print(text, soft_wrap=True, markup=False)
