import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from typer.testing import CliRunner

from lgnet_events.catalog import default_registry
from lgnet_events.testing.infra import Infra
from reporting.cli import app
from reporting.reconsume import reconsume
from reporting.settings import ReportingSettings

from .conftest import known_programme
from .test_audit_log import publish, stored

pytestmark = pytest.mark.integration


async def test_reconsuming_reads_every_topic_again_and_stores_only_what_is_missing(
    db: AsyncEngine, infra: Infra, namespace: str, settings: ReportingSettings
) -> None:
    envelopes = known_programme().envelopes
    await publish(infra, namespace, envelopes)
    assert await reconsume(db, default_registry(), settings, timeout=60) == len(envelopes)
    assert await stored(db) == len(envelopes)
    assert await reconsume(db, default_registry(), settings, timeout=60) == 0
    assert await stored(db) == len(envelopes)


def test_the_cli_rebuilds_with_a_progress_bar(
    migrated_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LGNET_REPORTING_DATABASE_URL", migrated_url)
    result = CliRunner().invoke(app, ["rebuild", "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert "projection generation 2 is live" in result.output
