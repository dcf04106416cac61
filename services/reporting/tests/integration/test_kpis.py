from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from .conftest import ADMIN, known_programme, store_all
from .programme import at

pytestmark = pytest.mark.integration


def figures(body: dict[str, Any]) -> dict[str, Any]:
    return {kpi["metric"]: kpi["value"] for kpi in body["kpis"]}


@pytest.fixture
async def programme(db: AsyncEngine) -> None:
    await store_all(db, known_programme().envelopes)


@pytest.mark.usefixtures("programme")
async def test_kpis_count_people_once_and_projects_each_time(client: httpx.AsyncClient) -> None:
    response = await client.get("/reports/kpis", headers=ADMIN)
    assert response.status_code == 200, response.text
    assert figures(response.json()) == {
        "taken_in_charge": 5,
        "housing_beneficiaries": 2,
        "individual_projects": 2,
    }
    assert {k["metric"]: k["target"] for k in response.json()["kpis"]} == {
        "taken_in_charge": 3000,
        "housing_beneficiaries": 500,
        "individual_projects": 600,
    }


@pytest.mark.usefixtures("programme")
async def test_kpis_of_one_municipality(client: httpx.AsyncClient) -> None:
    response = await client.get("/reports/kpis?municipality=roma", headers=ADMIN)
    assert figures(response.json()) == {
        "taken_in_charge": 2,
        "housing_beneficiaries": 1,
        "individual_projects": 0,
    }


@pytest.mark.usefixtures("programme")
async def test_as_of_answers_the_figures_as_they_stood_then(client: httpx.AsyncClient) -> None:
    then = await client.get("/reports/kpis?as_of=2026-02-28", headers=ADMIN)
    assert figures(then.json()) == {
        "taken_in_charge": 3,
        "housing_beneficiaries": 1,
        "individual_projects": 0,
    }
    before_late_entry = await client.get("/reports/kpis?as_of=2026-04-01", headers=ADMIN)
    assert figures(before_late_entry.json())["taken_in_charge"] == 4


@pytest.mark.usefixtures("programme")
async def test_a_date_range_counts_people_whose_first_event_falls_in_it(
    client: httpx.AsyncClient,
) -> None:
    march = await client.get("/reports/kpis?from=2026-03-01&to=2026-03-31", headers=ADMIN)
    assert figures(march.json()) == {
        "taken_in_charge": 1,
        "housing_beneficiaries": 1,
        "individual_projects": 1,
    }


@pytest.mark.usefixtures("programme")
async def test_the_timeseries_puts_a_late_entry_in_its_own_month(client: httpx.AsyncClient) -> None:
    response = await client.get("/reports/timeseries?metric=taken_in_charge", headers=ADMIN)
    body = response.json()
    assert {p["period"]: p["value"] for p in body["points"]} == {
        "2026-01": 2,
        "2026-02": 2,
        "2026-03": 1,
    }
    assert body["total"] == 5
    earlier = await client.get(
        "/reports/timeseries?metric=taken_in_charge&as_of=2026-03-31", headers=ADMIN
    )
    assert {p["period"]: p["value"] for p in earlier.json()["points"]}["2026-01"] == 1


@pytest.mark.usefixtures("programme")
async def test_the_municipality_table_lists_every_municipality_with_totals(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/reports/municipalities", headers=ADMIN)).json()
    rows = {row["municipality"]: row for row in body["rows"]}
    assert len(rows) == 18
    assert rows["bologna"]["taken_in_charge"] == 3
    assert rows["milano"]["taken_in_charge"] == 0
    assert body["totals"] == {
        "taken_in_charge": 5,
        "housing_beneficiaries": 2,
        "individual_projects": 2,
    }


@pytest.mark.usefixtures("programme")
async def test_breakdowns_by_sex_age_band_nationality_and_channel(
    client: httpx.AsyncClient,
) -> None:
    async def cells(by: str) -> Any:
        url = f"/reports/breakdowns?metric=taken_in_charge&by={by}"
        return (await client.get(url, headers=ADMIN)).json()["cells"]

    assert await cells("sex") == {"female": 3, "male": 2}
    assert await cells("age_band") == {"18-24": 1, "35-49": 3, "50+": 1}
    assert await cells("nationality") == {"MA": 2, "SN": 3}
    assert await cells("channel") == {"mobile_unit": 4, "one_stop_shop": 1}


async def test_as_of_a_day_means_its_end_and_a_time_means_that_moment(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    p = known_programme()
    p.taken_in_charge("milano", "2026-05-10")
    for envelope in p.envelopes[-2:]:
        p.envelopes[p.envelopes.index(envelope)] = envelope.model_copy(
            update={"recorded_at": at("2026-05-10T12:00:00")}
        )
    await store_all(db, p.envelopes)

    async def milano(as_of: str) -> Any:
        url = f"/reports/kpis?municipality=milano&as_of={as_of}"
        return figures((await client.get(url, headers=ADMIN)).json())["taken_in_charge"]

    assert await milano("2026-05-10") == 1
    assert await milano("2026-05-10T11:00:00Z") == 0
    assert await milano("2026-05-10T12:00:00%2B00:00") == 1
    assert await milano("2026-05-09") == 0
