"""Where personal data must never be found in clear: Kafka, the other services' databases, logs."""

import json
from pathlib import Path

import asyncpg

from lgnet_events.testing.kafka import read_topic
from lgnet_events.topics import all_topics

from .conftest import RunningMesh

#: intake keeps personal data (sealed); everyone else must hold none
NO_PERSONAL_DATA = ("housing", "civic", "reporting")


def forms(secret: str) -> list[str]:
    """The secret as written raw and as JSON with ``\\u`` escapes."""
    escaped = json.dumps(secret)[1:-1]
    return [secret] if escaped == secret else [secret, escaped]


def found_in(text: str, secrets: list[str]) -> list[str]:
    return sorted({s for s in secrets if any(form in text for form in forms(s))})


async def kafka_text(mesh: RunningMesh) -> dict[str, str]:
    """Every record of every topic, keys, values and headers, from the beginning."""
    texts: dict[str, str] = {}
    for topic in all_topics(mesh.stack.record.namespace):
        records = await read_topic(mesh.stack.record.bootstrap, topic, timeout=5.0)
        parts = [r.value or b"" for r in records] + [r.key or b"" for r in records]
        parts += [value for r in records for _, value in r.headers]
        texts[topic] = b"\n".join(parts).decode("utf-8", errors="replace")
    return texts


async def database_text(mesh: RunningMesh, service: str) -> str:
    """Every row of every table of the service's database, as PostgreSQL writes it out."""
    url = mesh.stack.record.database_urls[service].replace("+asyncpg", "")
    conn = await asyncpg.connect(url)
    try:
        tables = await conn.fetch(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_type = 'BASE TABLE'"
            " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        rows: list[str] = []
        for table in tables:
            name = f'"{table["table_schema"]}"."{table["table_name"]}"'
            rows += [r[0] for r in await conn.fetch(f"SELECT t::text FROM {name} t")]  # noqa: S608
        return "\n".join(rows)
    finally:
        await conn.close()


def log_text(mesh: RunningMesh) -> dict[str, str]:
    return {path.name: path.read_text(errors="replace") for path in Path(mesh.state.logs).glob("*")}
