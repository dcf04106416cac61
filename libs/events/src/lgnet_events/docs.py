"""``python -m lgnet_events.docs write|check``: regenerate or verify ``docs/events``."""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from lgnet_events.catalog_docs import DOCS_DIR, stale_docs, write_docs

FIX = "run `make docs` (python -m lgnet_events.docs write)"


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m lgnet_events.docs",
        description=f"Generate {DOCS_DIR} (AsyncAPI, JSON Schemas, README) from the catalog.",
    )
    parser.add_argument("command", choices=["write", "check"])
    parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="repository root (default: here)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.command == "write":
        changed = write_docs(args.root)
        print("\n".join(changed) if changed else f"{DOCS_DIR} is up to date")  # noqa: T201
        return 0
    stale = stale_docs(args.root)
    if stale:
        print(f"{DOCS_DIR} is stale; {FIX}:", *stale, sep="\n  ", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
