"""`lgnet dev up` end to end: real PostgreSQL, real broker, real signals, real processes."""

import asyncio
import base64
import json
import signal
from pathlib import Path

import asyncpg
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from lgnet_devstack.record import StackRecord
from lgnet_events.topics import all_topics

from .conftest import StartDevUp, alive

pytestmark = pytest.mark.e2e

SERVICES = {"intake", "housing", "civic", "reporting"}


def admin_dsn(record: StackRecord, database: str = "postgres") -> str:
    url = record.database_urls["intake"].replace("+asyncpg", "")
    return f"{url.rsplit('/', 1)[0]}/{database}"


async def databases(record: StackRecord) -> set[str]:
    conn = await asyncpg.connect(admin_dsn(record))
    try:
        return {row["datname"] for row in await conn.fetch("SELECT datname FROM pg_database")}
    finally:
        await conn.close()


async def partitions(bootstrap: str, topics: list[str]) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return {topic["topic"]: len(topic["partitions"]) for topic in described}


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_dev_up_makes_databases_and_topics_then_stops_without_orphans(
    start_dev_up: StartDevUp, stop_signal: signal.Signals
) -> None:
    dev_up = start_dev_up("--no-services", "--no-migrate")
    record = dev_up.wait_ready()
    children = dev_up.descendants()

    assert await databases(record) >= SERVICES
    topics = all_topics("lgnet")
    assert await partitions(record.bootstrap, topics) == dict.fromkeys(topics, 6)
    assert children, "PostgreSQL and the broker run as children"

    assert await asyncio.to_thread(dev_up.stop, stop_signal) == 0
    assert alive(children) == set()
    assert "stopped postgres" in dev_up.output
    assert not (dev_up.state_dir / "stack.json").exists()


async def test_data_survives_a_restart_of_the_stack(start_dev_up: StartDevUp) -> None:
    first = start_dev_up("--no-services", "--no-migrate")
    conn = await asyncpg.connect(admin_dsn(first.wait_ready(), "civic"))
    await conn.execute("CREATE TABLE IF NOT EXISTS kept (n int); INSERT INTO kept VALUES (7)")
    await conn.close()
    await asyncio.to_thread(first.stop, signal.SIGINT)

    second = start_dev_up("--no-services", "--no-migrate")
    conn = await asyncpg.connect(admin_dsn(second.wait_ready(), "civic"))
    assert 7 in [row["n"] for row in await conn.fetch("SELECT n FROM kept")]
    await conn.close()
    await asyncio.to_thread(second.stop, signal.SIGTERM)


FAKE_APP = """
import json, os, pathlib

def create_app():
    if os.environ.get("FAKE_APP_FAILS"):
        raise RuntimeError("this service cannot start")
    env = {k: v for k, v in os.environ.items() if k.startswith("LGNET_")}
    pathlib.Path(os.environ["LGNET_STATE_DIR"], "fake-intake-env.json").write_text(json.dumps(env))

    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                await send({"type": message["type"] + ".complete"})
                if message["type"] == "lifespan.shutdown":
                    return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    return app
"""


@pytest.fixture
def fake_intake(tmp_path: Path) -> Path:
    """A folder holding an ``intake`` package whose api.app answers 200 to everything."""
    api = tmp_path / "fake" / "intake" / "api"
    api.mkdir(parents=True)
    for package in (api.parent, api):
        (package / "__init__.py").write_text("")
    (api / "app.py").write_text(FAKE_APP)
    return tmp_path / "fake"


async def test_a_service_runs_as_its_own_process_with_the_stack_settings(
    start_dev_up: StartDevUp, fake_intake: Path
) -> None:
    dev_up = start_dev_up("--service", "intake", pythonpath=fake_intake)
    record = dev_up.wait_ready()
    children = dev_up.descendants()
    env = json.loads((dev_up.state_dir / "fake-intake-env.json").read_text())

    assert record.service_urls["intake"] in dev_up.output
    assert env["LGNET_INTAKE_DATABASE_URL"] == record.database_urls["intake"]
    assert env["LGNET_INTAKE_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert env["LGNET_KAFKA_BOOTSTRAP"] == record.bootstrap
    assert env["LGNET_TOPIC_NAMESPACE"] == "lgnet"
    assert (env["LGNET_AUTH_ISSUER"], env["LGNET_AUTH_AUDIENCE"]) == ("lgnet-dev", "lgnet")
    assert len(base64.urlsafe_b64decode(env["LGNET_MASTER_KEY"])) == 32
    assert (dev_up.state_dir / "token").read_text().strip() in dev_up.output

    assert await asyncio.to_thread(dev_up.stop, signal.SIGTERM) == 0
    assert alive(children) == set()


async def test_a_service_that_cannot_start_is_named_with_its_log_and_all_stops(
    start_dev_up: StartDevUp, fake_intake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_APP_FAILS", "1")
    dev_up = start_dev_up("--service", "intake", pythonpath=fake_intake)

    assert await asyncio.to_thread(dev_up.process.wait, 120) == 1
    log = dev_up.state_dir / "logs" / "intake.log"
    assert f"intake exited during start-up; its log: {log}" in dev_up.output.replace("\n", "")
    assert "this service cannot start" in log.read_text()
    assert "stopped postgres" in dev_up.output


async def test_a_killed_dev_up_takes_its_servers_with_it(start_dev_up: StartDevUp) -> None:
    dev_up = start_dev_up("--no-services", "--no-migrate")
    dev_up.wait_ready()
    children = dev_up.descendants()

    dev_up.process.kill()
    await asyncio.to_thread(dev_up.process.wait, 30)

    assert alive(children, grace=30) == set()
