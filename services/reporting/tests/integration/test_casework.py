"""``/reports/casework``: complaints, consent per purpose, merges, break-glass, follow-ups."""

import html
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from lgnet_events.catalog import default_registry, intake
from lgnet_events.ids import uuid7
from lgnet_events.testing.infra import Infra
from reporting.generations import live_generation
from reporting.rebuild import generation_rows, rebuild_projections

from .conftest import ADMIN, AUDITOR, NATIONAL, auth, store_all
from .programme import SEALED, Programme
from .test_access_and_suppression import numbers
from .test_audit_log import publish, wait_for

pytestmark = pytest.mark.integration

URL = "/reports/casework"


def _day(value: str) -> date:
    return date.fromisoformat(value)


def registered(p: Programme, municipality: str, when: str, *consents: Any) -> UUID:
    beneficiary_id = uuid7()
    event = intake.BeneficiaryRegistered(
        beneficiary_id=beneficiary_id,
        sex="female",
        birth_year=1990,
        nationality="UA",
        personal_data=SEALED,
        consents=list(consents),
    )
    p.add(event, municipality, when)
    return beneficiary_id


def complaint(p: Programme, municipality: str, received: str, answered: str | None) -> None:
    complaint_id, beneficiary_id = uuid7(), uuid7()
    received_event = intake.ComplaintReceived(
        complaint_id=complaint_id,
        beneficiary_id=beneficiary_id,
        kind="complaint",
        category="service_quality",
        channel="desk",
        received_on=_day(received),
        text=SEALED,
    )
    p.add(received_event, municipality, received)
    if answered is not None:
        answer = intake.ComplaintAnswered(
            complaint_id=complaint_id,
            beneficiary_id=beneficiary_id,
            resolution="upheld",
            answered_on=_day(answered),
        )
        p.add(answer, municipality, answered)


def terms(purpose: str, given: str, expires: str | None = None) -> intake.ConsentTerms:
    expires_on = _day(expires) if expires else None
    return intake.ConsentTerms(purpose=purpose, given_on=_day(given), expires_on=expires_on)


def casework_programme() -> Programme:
    """Bologna: 10 complaints (5 answered after 2, 4, 4, 6, 10 days), three people with
    consents (one withdrawn, one expired, one merged away), one merge, one break-glass.
    Roma: 1 open complaint, a follow-up scheduled and done, a plan approved."""
    p = Programme()
    a = registered(
        p, "bologna", "2026-01-10",
        terms("case_work", "2026-01-10"), terms("statistics", "2026-01-10", "2026-03-31"),
    )  # fmt: skip
    p.add(
        intake.ConsentWithdrawn(
            beneficiary_id=a, purpose="case_work", withdrawn_on=_day("2026-02-15")
        ),
        "bologna",
        "2026-02-15",
    )
    b = registered(p, "bologna", "2026-01-12")
    p.add(
        intake.ConsentGiven(
            beneficiary_id=b, purpose="referral_housing", given_on=_day("2026-02-01")
        ),
        "bologna",
        "2026-02-01",
    )
    c = registered(p, "bologna", "2026-02-20", terms("case_work", "2026-02-20"))
    p.add(intake.BeneficiaryMerged(beneficiary_id=c, merged_into=b), "bologna", "2026-03-01")
    p.add(
        intake.BreakGlassAccessGranted(
            beneficiary_id=a,
            grant_id=uuid7(),
            granted_to="coordinator-roma",
            requested_from=["roma"],
            reason=SEALED,
            expires_at=datetime(2026, 3, 5, 12, tzinfo=UTC),
        ),
        "bologna",
        "2026-03-05",
    )
    for day, waited in zip(range(1, 11), (2, 4, 4, 6, 10, *[None] * 5), strict=True):
        received = date(2026, 2, day)
        answered = (received + timedelta(days=waited)).isoformat() if waited else None
        complaint(p, "bologna", received.isoformat(), answered)
    complaint(p, "roma", "2026-03-02", None)
    case_id, follow_up_id, person = uuid7(), uuid7(), uuid7()
    p.add(
        intake.FollowUpScheduled(
            case_id=case_id,
            beneficiary_id=person,
            follow_up_id=follow_up_id,
            due_on=_day("2026-03-20"),
            subject="housing_visit",
        ),
        "roma",
        "2026-03-10",
    )
    p.add(
        intake.FollowUpDone(
            case_id=case_id,
            beneficiary_id=person,
            follow_up_id=follow_up_id,
            done_on=_day("2026-03-18"),
        ),
        "roma",
        "2026-03-18",
    )
    p.add(
        intake.CasePlanApproved(case_id=case_id, beneficiary_id=person, plan_version=1),
        "roma",
        "2026-03-12",
    )
    return p


@pytest.fixture
async def programme(db: AsyncEngine) -> None:
    await store_all(db, casework_programme().envelopes)


def row(body: dict[str, Any], municipality: str) -> dict[str, Any]:
    return next(r for r in body["rows"] if r["municipality"] == municipality)


async def report(client: httpx.AsyncClient, query: str = "", headers: Any = ADMIN) -> Any:
    response = await client.get(f"{URL}{query}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.usefixtures("programme")
async def test_complaints_are_counted_received_answered_open_with_median_days(
    client: httpx.AsyncClient,
) -> None:
    body = await report(client)
    assert row(body, "bologna")["complaints"] == {
        "received": 10,
        "answered": 5,
        "open": 5,
        "median_days_to_answer": 4.0,
    }
    assert row(body, "roma")["complaints"]["open"] == 1
    assert body["totals"]["complaints"]["received"] == 11
    assert body["suppressed"] is False


@pytest.mark.usefixtures("programme")
async def test_consents_given_withdrawn_and_valid_per_purpose(client: httpx.AsyncClient) -> None:
    consents = row(await report(client), "bologna")["consents"]
    # a's case_work is withdrawn; c's case_work does not count: c was merged into b
    assert consents["case_work"] == {"given": 2, "withdrawn": 1, "valid": 0}
    assert consents["referral_housing"] == {"given": 1, "withdrawn": 0, "valid": 1}
    # a's statistics consent expired on 2026-03-31
    assert consents["statistics"] == {"given": 1, "withdrawn": 0, "valid": 0}
    assert set(consents) == {
        "case_work",
        "referral_housing",
        "referral_civic",
        "external_sharing",
        "statistics",
    }


@pytest.mark.usefixtures("programme")
async def test_merges_break_glass_follow_ups_and_plans_are_counted(
    client: httpx.AsyncClient,
) -> None:
    body = await report(client)
    bologna, roma = row(body, "bologna"), row(body, "roma")
    assert [bologna[k] for k in ("merges", "merges_undone", "break_glass_openings")] == [1, 0, 1]
    assert [roma[k] for k in ("follow_ups_scheduled", "follow_ups_done", "plans_approved")] == [
        1,
        1,
        1,
    ]


@pytest.mark.usefixtures("programme")
async def test_as_of_answers_as_things_stood_that_day(client: httpx.AsyncClient) -> None:
    body = await report(client, "?as_of=2026-02-10")
    bologna = row(body, "bologna")
    assert bologna["complaints"] == {
        "received": 10,
        "answered": 4,
        "open": 6,
        "median_days_to_answer": 4.0,
    }
    assert bologna["consents"]["case_work"] == {"given": 1, "withdrawn": 0, "valid": 1}
    assert bologna["consents"]["statistics"]["valid"] == 1
    assert bologna["merges"] == 0
    assert row(body, "roma")["complaints"]["received"] == 0


@pytest.mark.usefixtures("programme")
async def test_from_and_to_select_by_the_business_day(client: httpx.AsyncClient) -> None:
    bologna = row(await report(client, "?from=2026-02-03&to=2026-02-28"), "bologna")
    assert bologna["complaints"]["received"] == 8
    assert bologna["consents"]["case_work"]["given"] == 1  # c, on 2026-02-20
    assert bologna["consents"]["case_work"]["withdrawn"] == 1
    assert bologna["merges"] == 0


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize("query", ["", "?as_of=2026-03-03", "?municipality=roma"])
async def test_the_national_office_sees_no_count_below_five(
    client: httpx.AsyncClient, query: str
) -> None:
    body = await report(client, query, NATIONAL)
    assert body["suppressed"] is True
    assert all(n == 0 or n >= 5 for n in numbers(body)), body


@pytest.mark.usefixtures("programme")
async def test_a_small_complaint_cell_hides_its_row_in_all_three_columns(
    client: httpx.AsyncClient,
) -> None:
    body = await report(client, "", NATIONAL)
    assert row(body, "roma")["complaints"] == {
        "received": "<5",
        "answered": 0,
        "open": "<5",
        "median_days_to_answer": None,
    }
    bologna = row(body, "bologna")["complaints"]
    assert bologna["received"] == bologna["answered"] == "suppressed"
    assert bologna["median_days_to_answer"] is None
    assert isinstance(body["totals"]["complaints"]["answered"], str)
    assert isinstance(body["totals"]["complaints"]["received"], str)


@pytest.mark.usefixtures("programme")
async def test_a_past_release_keeps_hidden_what_the_latest_hides(
    client: httpx.AsyncClient,
) -> None:
    past = await report(client, "?as_of=2026-02-28", NATIONAL)
    # Bologna's 10 / 5 / 5 have no small cell that day, but are hidden in the latest release.
    assert row(past, "bologna")["complaints"] == {
        "received": "suppressed",
        "answered": "suppressed",
        "open": "suppressed",
        "median_days_to_answer": None,
    }
    admin = await report(client, "?as_of=2026-02-28")
    assert row(admin, "bologna")["complaints"]["received"] == 10


@pytest.mark.usefixtures("programme")
async def test_operators_see_their_own_municipality_only(client: httpx.AsyncClient) -> None:
    own = auth("operator", "bologna")
    body = await report(client, "", own)
    assert [r["municipality"] for r in body["rows"]] == ["bologna"]
    assert body["totals"]["complaints"]["received"] == 10
    other = await client.get(f"{URL}?municipality=roma", headers=own)
    assert other.status_code == 404


def casework_cells(page: str, municipality: str) -> list[str]:
    found = re.search(rf'<tr data-casework="{municipality}">(.*?)</tr>', page, re.S)
    assert found is not None
    return [html.unescape(cell) for cell in re.findall(r"<td>([^<]*)", found.group(1))[1:]]


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize(("lang", "heading"), [("it", "Reclami ricevuti"), ("en", "Complaints")])
async def test_the_dashboard_shows_the_casework_reports_figures(
    client: httpx.AsyncClient, lang: str, heading: str
) -> None:
    page = (await client.get(f"/dashboard?lang={lang}", headers=NATIONAL)).text
    assert heading in page
    roma = row(await report(client, "", NATIONAL), "roma")
    complaints = roma["complaints"]
    assert casework_cells(page, "roma") == [
        *(str(complaints[k]) for k in ("received", "answered", "open")),
        "-",
        str(roma["merges"]),
        str(roma["break_glass_openings"]),
        str(roma["follow_ups_overdue"]),
        str(roma["referrals_unanswered"]),
    ]
    assert 'data-purpose="statistics"' in page


async def test_auditors_and_strangers_get_no_casework_report(client: httpx.AsyncClient) -> None:
    assert (await client.get(URL, headers=AUDITOR)).status_code == 403
    assert (await client.get(URL)).status_code == 401
    bad = await client.get(f"{URL}?as_of=yesterday", headers=ADMIN)
    assert bad.status_code == 422


async def test_a_rebuilt_generation_holds_the_same_casework_facts(db: AsyncEngine) -> None:
    await store_all(db, casework_programme().envelopes)
    new = await rebuild_projections(db, default_registry(), batch_size=4)
    async with db.connect() as conn:
        assert await live_generation(conn) == new == 2
        rebuilt = await generation_rows(conn, 2)
        live = await generation_rows(conn, 1)
    assert rebuilt == live
    kinds = {row[1] for row in rebuilt["facts"]}
    assert {"complaint_received", "consents_registered", "break_glass_opened"} <= kinds


class TestFromTheBroker:
    @pytest.fixture
    def run_workers(self) -> bool:
        return True

    async def test_casework_events_published_by_intake_are_counted(
        self, client: httpx.AsyncClient, db: AsyncEngine, infra: Infra, namespace: str
    ) -> None:
        envelopes = casework_programme().envelopes
        await publish(infra, namespace, envelopes)
        await wait_for(db, len(envelopes))
        bologna = row(await report(client), "bologna")
        assert bologna["complaints"]["received"] == 10
        assert bologna["consents"]["referral_housing"]["valid"] == 1
