from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog import civic, housing, intake
from lgnet_events.ids import uuid7

from .conftest import ADMIN, NATIONAL, store_all
from .programme import Programme

pytestmark = pytest.mark.integration
BO = "bologna"


def refer(p: Programme, person: UUID, target: str, when: str) -> UUID:
    referral = uuid7()
    p.add(
        intake.ReferralIssued(
            case_id=uuid7(),
            beneficiary_id=person,
            referral_id=referral,
            target=target,
        ),
        BO,
        when,
    )
    return referral


def housed_after_referral(
    p: Programme, unit: UUID, issued: str, accepted: str, placed: str
) -> None:
    person = p.taken_in_charge(BO, issued)
    referral, request = refer(p, person, "housing", issued), uuid7()
    ids = {
        "request_id": request,
        "referral_id": referral,
        "case_id": uuid7(),
        "beneficiary_id": person,
    }
    p.add(housing.HousingRequestReceived(**ids), BO, issued)
    p.add(housing.HousingRequestAccepted(**ids), BO, accepted)
    p.add(
        housing.PlacementStarted(
            placement_id=uuid7(),
            beneficiary_id=person,
            unit_id=unit,
            request_id=request,
            start_date=date.fromisoformat(placed),
        ),
        BO,
        placed,
    )


def programme() -> Programme:
    p = Programme()
    unit, other = uuid7(), uuid7()
    p.add(
        housing.HousingUnitRegistered(
            unit_id=unit, kind="apartment", beds=6, name="Casa", address="Via A 1"
        ),
        BO,
        "2026-01-02",
    )
    p.add(
        housing.HousingUnitRegistered(
            unit_id=other, kind="refurbished_building", beds=10, name="Ex scuola", address="Via B 2"
        ),
        BO,
        "2026-01-02",
    )
    p.add(housing.UnitRefurbishmentStarted(unit_id=other, date=date(2026, 1, 3)), BO, "2026-01-03")
    for issued, accepted, placed in [
        ("2026-02-01", "2026-02-03", "2026-02-11"),
        ("2026-02-01", "2026-02-05", "2026-02-07"),
        ("2026-02-02", "2026-02-06", "2026-02-12"),
        ("2026-02-02", "2026-02-04", "2026-02-09"),
        ("2026-02-03", "2026-02-13", "2026-02-23"),
    ]:
        housed_after_referral(p, unit, issued, accepted, placed)
    person = p.taken_in_charge(BO, "2026-03-01")
    refer(p, person, "civic", "2026-03-01")
    project, ip = uuid7(), uuid7()
    p.add(
        civic.IndividualProjectStarted(
            individual_project_id=ip,
            beneficiary_id=person,
            project_id=project,
            tutor="Anna",
            planned_hours=50,
            start_date=date(2026, 3, 5),
        ),
        BO,
        "2026-03-05",
    )
    for hours in ("2.50", "4"):
        p.add(
            civic.HoursLogged(
                individual_project_id=ip,
                beneficiary_id=person,
                project_id=project,
                date=date(2026, 3, 6),
                hours=Decimal(hours),
            ),
            BO,
            "2026-03-06",
        )
    p.add(
        civic.CommunityActivityHeld(
            activity_id=uuid7(),
            kind="workshop",
            title="Orto",
            date=date(2026, 3, 7),
            capacity=30,
            resident_participants=12,
            participants=20,
        ),
        BO,
        "2026-03-07",
    )
    p.measure(person, BO, "2026-03-08", euro="250.50")
    return p


@pytest.fixture
async def stored(db: AsyncEngine) -> None:
    await store_all(db, programme().envelopes)


async def report(client: httpx.AsyncClient, headers: dict[str, str], query: str = "") -> Any:
    response = await client.get(f"/reports/programme{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.usefixtures("stored")
async def test_the_housing_funnel_counts_each_step_with_median_days(
    client: httpx.AsyncClient,
) -> None:
    funnel = (await report(client, ADMIN))["funnels"]["housing"]
    assert funnel == {
        "issued": 5,
        "accepted": 5,
        "declined": 0,
        "started": 5,
        "median_days_issued_to_accepted": 4.0,
        "median_days_accepted_to_started": 6.0,
    }


@pytest.mark.usefixtures("stored")
async def test_the_stock_counts_beds_occupied_and_units_under_refurbishment(
    client: httpx.AsyncClient,
) -> None:
    stock = (await report(client, ADMIN))["housing_stock"]
    assert stock == {
        "units": 2,
        "beds": 16,
        "beds_occupied": 5,
        "beds_under_refurbishment": 10,
        "beds_free": 1,
        "units_under_refurbishment": 1,
    }
    earlier = (await report(client, ADMIN, "?as_of=2026-02-08"))["housing_stock"]
    assert earlier["beds_occupied"] == 1


@pytest.mark.usefixtures("stored")
async def test_euros_hours_and_community_participants_are_summed(client: httpx.AsyncClient) -> None:
    body = await report(client, ADMIN)
    assert Decimal(body["support_measures_eur"]["total"]) == Decimal("250.50")
    assert Decimal(body["civic"]["hours"]) == Decimal("6.5")
    assert body["civic"]["projects_started"] == 1
    assert body["community"] == {"activities": 1, "participants": 20, "by_kind": {"workshop": 20}}
    assert body["funnels"]["civic"]["issued"] == 1


@pytest.mark.usefixtures("stored")
async def test_the_national_office_sees_small_funnel_steps_hidden(
    client: httpx.AsyncClient,
) -> None:
    body = await report(client, NATIONAL)
    assert body["funnels"]["civic"]["issued"] == "<5"
    assert body["funnels"]["housing"]["started"] == 5
    assert body["civic"]["projects_started"] == "<5"
