import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lgnet_cli.main import app
from lgnet_service.testing import MigratedDatabase
from reporting.migrations import SCRIPT_LOCATION


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("LGNET_STATE_DIR", str(tmp_path))  # no running dev stack there
    monkeypatch.delenv("LGNET_REPORTING_DATABASE_URL", raising=False)
    return CliRunner()


def test_reporting_rebuild_makes_a_new_generation_live(
    runner: CliRunner, migrated_database: MigratedDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = asyncio.run(migrated_database(SCRIPT_LOCATION))
    monkeypatch.setenv("LGNET_REPORTING_DATABASE_URL", url)

    result = runner.invoke(app, ["reporting", "rebuild"])

    assert result.exit_code == 0, result.output
    assert "is live" in result.output


def test_reporting_rebuild_without_a_database_says_where_to_find_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reporting", "rebuild"])

    assert result.exit_code == 1
    assert "LGNET_REPORTING_DATABASE_URL" in result.output
