"""A person counts once, following merges as they stood at ``as_of`` (issue 10).

Nationally a person counts once; each municipality's row counts the people it took in
charge, so a person merged across two municipalities is in both rows and once in the total.
"""

from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog import default_registry
from reporting.rebuild import generation_rows, rebuild_projections

from .conftest import ADMIN, NATIONAL, Headers, auth, store_all
from .programme import Programme, merge, undo_merge
from .test_access_and_suppression import REPORTS, mixed_programme, numbers

pytestmark = pytest.mark.integration
BOTH = ("bologna", "roma")


def merged_programme() -> Programme:
    """Anna: taken in charge in Bologna (January) and again in Roma (February) on a second
    record, merged into the first on 2026-03-01; housed in both. Bea: two records in Bologna
    merged on 2026-03-02, the merge undone on 2026-03-20."""
    p = Programme()
    anna = p.taken_in_charge("bologna", "2026-01-10")
    p.placement(anna, "bologna", "2026-01-20")
    anna_in_roma = p.taken_in_charge("roma", "2026-02-01", sex="male")
    p.measure(anna_in_roma, "roma", "2026-02-10")
    merge(p, anna_in_roma, anna, "roma", "2026-03-01")
    bea = p.taken_in_charge("bologna", "2026-01-15")
    bea_again = p.taken_in_charge("bologna", "2026-02-15")
    merge(p, bea_again, bea, "bologna", "2026-03-02")
    undo_merge(p, bea_again, bea, "bologna", "2026-03-20")
    return p


def chained_programme() -> tuple[Programme, list[UUID]]:
    """Three records in Roma: the first merged into the second, the second into the third."""
    p = Programme()
    records = [p.taken_in_charge("roma", day) for day in ("2026-01-01", "2026-01-02", "2026-01-03")]
    merge(p, records[0], records[1], "roma", "2026-02-01")
    merge(p, records[1], records[2], "roma", "2026-02-02")
    return p, records


@pytest.fixture
async def programme(db: AsyncEngine) -> None:
    await store_all(db, merged_programme().envelopes)


async def get(client: httpx.AsyncClient, url: str, headers: Headers = ADMIN) -> Any:
    response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def kpis(body: dict[str, Any]) -> dict[str, Any]:
    return {kpi["metric"]: kpi["value"] for kpi in body["kpis"]}


def table(body: dict[str, Any], metric: str) -> dict[str, Any]:
    rows = {r["municipality"]: r[metric] for r in body["rows"] if r["municipality"] in BOTH}
    return {**rows, "total": body["totals"][metric]}


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize(
    ("as_of", "bologna", "roma", "total"),
    [
        ("2026-02-28", 3, 1, 4),  # no merge yet: four records, four people
        ("2026-03-10", 2, 1, 2),  # Anna once nationally, Bea's two records one person
        ("2026-03-25", 3, 1, 3),  # Bea's merge undone: two people again
    ],
)
async def test_people_taken_in_charge_follow_merges_as_they_stood_then(
    client: httpx.AsyncClient, as_of: str, bologna: int, roma: int, total: int
) -> None:
    body = await get(client, f"/reports/municipalities?as_of={as_of}")
    assert table(body, "taken_in_charge") == {"bologna": bologna, "roma": roma, "total": total}
    assert kpis(await get(client, f"/reports/kpis?as_of={as_of}"))["taken_in_charge"] == total
    roma_kpis = await get(client, f"/reports/kpis?municipality=roma&as_of={as_of}")
    assert kpis(roma_kpis)["taken_in_charge"] == roma


@pytest.mark.usefixtures("programme")
async def test_a_person_housed_in_two_municipalities_counts_in_both_rows_and_once_in_all(
    client: httpx.AsyncClient,
) -> None:
    body = await get(client, "/reports/municipalities")
    assert table(body, "housing_beneficiaries") == {"bologna": 1, "roma": 1, "total": 1}
    before = await get(client, "/reports/municipalities?as_of=2026-02-28")
    assert table(before, "housing_beneficiaries") == {"bologna": 1, "roma": 1, "total": 2}


@pytest.mark.usefixtures("programme")
async def test_months_and_breakdowns_count_the_person_once_at_their_first_event(
    client: httpx.AsyncClient,
) -> None:
    series = await get(client, "/reports/timeseries?metric=taken_in_charge&as_of=2026-03-10")
    assert {p["period"]: p["value"] for p in series["points"]} == {"2026-01": 2}
    assert series["total"] == 2
    roma = "/reports/timeseries?metric=taken_in_charge&municipality=roma&as_of=2026-03-10"
    assert {p["period"]: p["value"] for p in (await get(client, roma))["points"]} == {"2026-02": 1}
    by_sex = await get(client, "/reports/breakdowns?metric=taken_in_charge&by=sex&as_of=2026-03-10")
    # Anna counts with her first record (Bologna, female), not the merged one (male)
    assert (by_sex["cells"], by_sex["total"]) == ({"female": 2}, 2)
    first_in_range = await get(client, "/reports/kpis?from=2026-02-01&as_of=2026-03-10")
    assert kpis(first_in_range)["taken_in_charge"] == 0


async def test_a_chain_of_merges_makes_one_person(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    p, _ = chained_programme()
    await store_all(db, p.envelopes)
    assert kpis(await get(client, "/reports/kpis"))["taken_in_charge"] == 1
    assert kpis(await get(client, "/reports/kpis?as_of=2026-02-01"))["taken_in_charge"] == 2


@pytest.mark.usefixtures("programme")
async def test_operators_of_both_municipalities_count_the_person_once_in_their_total(
    client: httpx.AsyncClient,
) -> None:
    both = auth("coordinator", "bologna", "roma")
    body = await get(client, "/reports/municipalities", both)
    assert table(body, "taken_in_charge") == {"bologna": 3, "roma": 1, "total": 3}
    roma_only = await get(client, "/reports/kpis", auth("operator", "roma"))
    assert kpis(roma_only)["taken_in_charge"] == 1


def crossing_programme() -> Programme:
    """Bologna takes 10 people in charge, Roma 6; one of Roma's is merged into one of
    Bologna's: 16 in the rows, 15 people."""
    p = Programme()
    bologna = [p.taken_in_charge("bologna", f"2026-01-{day:02}") for day in range(1, 11)]
    roma = [p.taken_in_charge("roma", f"2026-02-{day:02}") for day in range(1, 7)]
    merge(p, roma[0], bologna[0], "roma", "2026-03-01")
    return p


async def test_the_national_office_cannot_read_how_many_are_counted_twice(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    await store_all(db, crossing_programme().envelopes)
    exact = await get(client, "/reports/municipalities")
    assert table(exact, "taken_in_charge") == {"bologna": 10, "roma": 6, "total": 15}
    shown = await get(client, "/reports/municipalities", NATIONAL)
    # 10 + 6 - 15 would tell that one person was taken in charge by both
    assert table(shown, "taken_in_charge") == {
        "bologna": "suppressed",
        "roma": "suppressed",
        "total": 15,
    }
    roma = await get(client, "/reports/kpis?municipality=roma", NATIONAL)
    assert kpis(roma)["taken_in_charge"] == "suppressed"
    series = "/reports/timeseries?metric=taken_in_charge&municipality=roma"
    assert (await get(client, series, NATIONAL))["total"] == "suppressed"
    before = await get(client, "/reports/municipalities?as_of=2026-02-28", NATIONAL)
    assert table(before, "taken_in_charge")["total"] == 16


@pytest.mark.parametrize("url", REPORTS)
async def test_with_merges_the_national_office_still_sees_no_cell_below_five(
    client: httpx.AsyncClient, db: AsyncEngine, url: str
) -> None:
    p = mixed_programme()  # Bologna 6, Roma 2
    in_roma, in_bologna = p.taken_in_charge("roma", "2026-05-10"), p.person("bologna", "2026-05-11")
    p.case(in_bologna, "bologna", "2026-05-11")
    merge(p, in_roma, in_bologna, "roma", "2026-05-12")
    await store_all(db, p.envelopes)
    body = await get(client, url, NATIONAL)
    assert all(n == 0 or n >= 5 for n in numbers(body)), body


async def test_a_rebuild_follows_the_same_merges(
    client: httpx.AsyncClient, db: AsyncEngine
) -> None:
    await store_all(db, merged_programme().envelopes)
    urls = [
        f"{url}{'&' if '?' in url else '?'}as_of={day}"
        for url in [*REPORTS, "/reports/municipalities"]
        for day in ("2026-02-28", "2026-03-10", "2026-03-25")
    ]
    before = [await get(client, url, headers) for url in urls for headers in (ADMIN, NATIONAL)]
    new = await rebuild_projections(db, default_registry(), batch_size=3)
    async with db.connect() as conn:
        assert await generation_rows(conn, new) == await generation_rows(conn, new - 1)
    after = [await get(client, url, headers) for url in urls for headers in (ADMIN, NATIONAL)]
    assert after == before
