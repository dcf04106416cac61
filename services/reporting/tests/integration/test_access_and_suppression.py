from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import ADMIN, AUDITOR, NATIONAL, auth, known_programme, store_all
from .programme import Programme

pytestmark = pytest.mark.integration

REPORTS = [
    "/reports/kpis",
    "/reports/municipalities",
    "/reports/timeseries?metric=taken_in_charge",
    "/reports/breakdowns?metric=taken_in_charge&by=sex",
    "/reports/breakdowns?metric=taken_in_charge&by=age_band",
    "/reports/breakdowns?metric=taken_in_charge&by=nationality",
    "/reports/breakdowns?metric=taken_in_charge&by=channel",
    "/reports/breakdowns?metric=housing_beneficiaries&by=sex",
    "/reports/kpis?municipality=roma",
    "/reports/timeseries?metric=housing_beneficiaries&municipality=bologna",
]


def numbers(body: Any) -> list[int]:
    if isinstance(body, dict):
        return [
            n for key, v in body.items() if key not in {"target", "targets"} for n in numbers(v)
        ]
    if isinstance(body, list):
        return [n for item in body for n in numbers(item)]
    return [body] if isinstance(body, int) and not isinstance(body, bool) else []


def mixed_programme() -> Programme:
    """Bologna 6 people taken in charge, Roma 2: Roma is small, Bologna its complement."""
    p = known_programme()
    for day in ("2026-05-02", "2026-05-03", "2026-05-04"):
        p.taken_in_charge("bologna", day)
    return p


@pytest.fixture
async def programme(db: AsyncEngine) -> None:
    await store_all(db, mixed_programme().envelopes)


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize("url", REPORTS)
async def test_the_national_office_sees_no_cell_below_five(
    client: httpx.AsyncClient, url: str
) -> None:
    response = await client.get(url, headers=NATIONAL)
    assert response.status_code == 200, response.text
    assert response.json()["suppressed"] is True
    assert all(n == 0 or n >= 5 for n in numbers(response.json())), response.text


@pytest.mark.usefixtures("programme")
async def test_a_small_cell_and_its_complement_are_hidden_but_the_total_shown(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/reports/municipalities", headers=NATIONAL)).json()
    rows = {row["municipality"]: row for row in body["rows"]}
    assert rows["roma"]["taken_in_charge"] == "<5"
    assert rows["bologna"]["taken_in_charge"] == "suppressed"
    assert body["totals"]["taken_in_charge"] == 8
    exact = (await client.get("/reports/municipalities", headers=ADMIN)).json()
    assert {r["municipality"]: r["taken_in_charge"] for r in exact["rows"]}["roma"] == 2


@pytest.mark.usefixtures("programme")
async def test_the_csv_export_follows_the_callers_suppression(client: httpx.AsyncClient) -> None:
    response = await client.get("/reports/export.csv", headers=NATIONAL)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "municipality,taken_in_charge,housing_beneficiaries,individual_projects"
    assert "roma,<5,<5,0" in lines
    assert "total,8,<5,<5" in lines
    exact = (await client.get("/reports/export.csv", headers=ADMIN)).text.splitlines()
    assert "roma,2,1,0" in exact


@pytest.mark.usefixtures("programme")
async def test_the_xlsx_export_holds_the_same_table(client: httpx.AsyncClient) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    response = await client.get("/reports/export.xlsx", headers=NATIONAL)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert rows["roma"] == ("<5", "<5", 0)


@pytest.mark.usefixtures("programme")
async def test_operators_see_only_their_municipality(client: httpx.AsyncClient) -> None:
    operator = auth("operator", "bologna")
    body = (await client.get("/reports/kpis", headers=operator)).json()
    assert {k["metric"]: k["value"] for k in body["kpis"]}["taken_in_charge"] == 6
    table = (await client.get("/reports/municipalities", headers=operator)).json()
    assert [row["municipality"] for row in table["rows"]] == ["bologna"]
    other = await client.get("/reports/kpis?municipality=roma", headers=operator)
    assert other.status_code == 404


@pytest.mark.parametrize("url", ["/reports/kpis", "/reports/export.csv", "/admin/rebuild/x"])
async def test_auditors_get_no_reports(client: httpx.AsyncClient, url: str) -> None:
    assert (await client.get(url, headers=AUDITOR)).status_code == 403


async def test_only_admins_start_a_rebuild(client: httpx.AsyncClient) -> None:
    for headers in (NATIONAL, AUDITOR, auth("coordinator", "bologna")):
        assert (await client.post("/admin/rebuild", headers=headers)).status_code == 403


async def test_reports_need_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/reports/kpis")).status_code == 401


@pytest.mark.parametrize(
    "query",
    [
        "as_of=yesterday",
        "from=2026-05-01&to=2026-04-01",
        "metric=nothing",
    ],
)
async def test_bad_queries_are_422_problems(client: httpx.AsyncClient, query: str) -> None:
    response = await client.get(
        f"/reports/timeseries?metric=taken_in_charge&{query}", headers=ADMIN
    )
    if query.startswith("metric"):
        response = await client.get(f"/reports/timeseries?{query}", headers=ADMIN)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_earlier_release_keeps_hidden_what_the_latest_hides(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    p = Programme()
    for day in range(1, 6):
        p.taken_in_charge("bologna", f"2026-01-0{day}")
    for day in range(1, 7):
        p.taken_in_charge("milano", f"2026-01-0{day}")
    p.taken_in_charge("roma", "2026-05-10")
    for day in range(1, 5):
        p.taken_in_charge("bologna", f"2026-06-0{day}")
    p.taken_in_charge("roma", "2026-06-10")
    await store_all(db, p.envelopes)

    async def cells(query: str) -> dict[str, Any]:
        body = (await client.get(f"/reports/municipalities{query}", headers=NATIONAL)).json()
        return {
            r["municipality"]: r["taken_in_charge"] for r in body["rows"] if r["taken_in_charge"]
        }

    assert await cells("") == {"bologna": 9, "milano": "suppressed", "roma": "<5"}
    assert await cells("?as_of=2026-05-31") == {"bologna": 5, "milano": "suppressed", "roma": "<5"}


@pytest.mark.usefixtures("programme")
async def test_a_municipality_hidden_in_the_table_has_its_breakdowns_withheld(
    client: httpx.AsyncClient,
) -> None:
    for url in (
        "/reports/breakdowns?metric=taken_in_charge&by=sex&municipality=bologna",
        "/reports/timeseries?metric=taken_in_charge&municipality=bologna",
    ):
        body = (await client.get(url, headers=NATIONAL)).json()
        assert body["total"] == "suppressed", url
        assert not [n for n in numbers(body) if n], url
    exact = await client.get(
        "/reports/breakdowns?metric=taken_in_charge&by=sex&municipality=bologna", headers=ADMIN
    )
    assert exact.json()["total"] == 6
