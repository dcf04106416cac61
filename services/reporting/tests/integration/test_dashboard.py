import asyncio
import html
import re
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import ADMIN, NATIONAL, store_all
from .test_access_and_suppression import mixed_programme

pytestmark = pytest.mark.integration
ARTEFACTS = Path(__file__).parents[1] / "artefacts"


@pytest.fixture
async def programme(db: AsyncEngine) -> None:
    await store_all(db, mixed_programme().envelopes)


def shown_kpis(page: str) -> dict[str, str]:
    pattern = r'data-metric="(\w+)">\s*<div>[^<]*</div>\s*<div class="value" data-value="([^"]*)"'
    return {metric: html.unescape(value) for metric, value in re.findall(pattern, page)}


def shown_row(page: str, municipality: str) -> list[str]:
    row = re.search(rf'<tr data-municipality="{municipality}">(.*?)</tr>', page, re.S)
    assert row is not None
    return [html.unescape(cell) for cell in re.findall(r"<td>([^<]*)", row.group(1))[1:]]


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize(("lang", "title"), [("it", "Cruscotto"), ("en", "dashboard")])
async def test_the_dashboard_shows_the_apis_figures_in_both_languages(
    client: httpx.AsyncClient, lang: str, title: str
) -> None:
    response = await client.get(f"/dashboard?lang={lang}", headers=NATIONAL)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert title in page
    api = (await client.get("/reports/kpis", headers=NATIONAL)).json()
    assert shown_kpis(page) == {k["metric"]: str(k["value"]) for k in api["kpis"]}
    table = (await client.get("/reports/municipalities", headers=NATIONAL)).json()
    roma = next(row for row in table["rows"] if row["municipality"] == "roma")
    assert shown_row(page, "roma") == [
        str(roma[m]) for m in ("taken_in_charge", "housing_beneficiaries", "individual_projects")
    ]
    assert "<script" not in page
    assert "http://" not in page
    assert "https://" not in page


@pytest.mark.usefixtures("programme")
async def test_the_dashboard_follows_the_browsers_language(client: httpx.AsyncClient) -> None:
    page = await client.get("/dashboard", headers={**ADMIN, "Accept-Language": "en-GB,en"})
    assert "People taken in charge" in page.text


@pytest.mark.usefixtures("programme")
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
async def test_the_dashboard_renders_in_headless_chromium(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    page = tmp_path / "dashboard.html"
    page.write_text((await client.get("/dashboard?lang=en", headers=NATIONAL)).text)
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "dashboard.png"
    chromium = shutil.which("chromium") or "chromium"
    browser = await asyncio.create_subprocess_exec(
        chromium,
        "--headless",
        "--no-sandbox",
        "--window-size=1280,1600",
        f"--screenshot={shot}",
        page.as_uri(),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert await asyncio.wait_for(browser.wait(), 60) == 0
    assert shot.stat().st_size > 1000
