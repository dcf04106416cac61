"""The whole mesh as real processes: choreography, figures against the ground truth, a crash,
and personal data that never leaves intake in clear. The tests share one stack, in order."""

import asyncio
from pathlib import Path

import pytest

from lgnet_cli.scenario import ScenarioOptions, generate_people, rome_today, run_scenario
from lgnet_cli.scenario.people import Person
from lgnet_devstack import free_port

from .browser import chromium_binary, chromium_page
from .conftest import RunningMesh
from .desk import Desk, item_with, referral_outcome
from .figures import Table, consistent, converged, differences, municipality_table
from .leaks import NO_PERSONAL_DATA, database_text, found_in, kafka_text, log_text
from .operator import audit_log_size, lgnet

pytestmark = pytest.mark.e2e

SMALL = ScenarioOptions(people=30, seed=101, concurrency=6, patience=60)


async def refer_one(mesh: RunningMesh, person: Person, target: str) -> tuple[Desk, str, str]:
    """Register *person*, open a case and refer it; the intake desk, case id and referral id."""
    intake = Desk(mesh, "intake", "operator", person.municipality)
    mesh.remember([person])
    beneficiary = await intake.post("/beneficiaries", person.registration(rome_today()))
    case = await intake.post("/cases", {"beneficiary_id": beneficiary["beneficiary_id"],
                                        "channel": "one_stop_shop", "contact_point": "sportello_1",
                                        "urgency": "high"})  # fmt: skip
    mesh.truth.case_opened(person.municipality, beneficiary["beneficiary_id"])
    case = await intake.post(f"/cases/{case['case_id']}/referrals", {"target": target})
    return intake, case["case_id"], case["referrals"][-1]["referral_id"]


async def test_a_housing_referral_becomes_a_request_whose_acceptance_returns_to_the_case(
    mesh: RunningMesh,
) -> None:
    person = generate_people(1, seed=9001, today=rome_today())[0]
    intake, case_id, referral_id = await refer_one(mesh, person, "housing")
    housing = Desk(mesh, "housing", "coordinator", person.municipality)

    request = await housing.wait_for("/requests", item_with("referral_id", referral_id))
    assert request["status"] == "pending"
    await housing.post(f"/requests/{request['request_id']}/accept", {})

    outcome = await intake.wait_for(f"/cases/{case_id}", referral_outcome(referral_id))
    assert outcome == "accepted"


async def test_a_civic_referral_becomes_a_candidate_whose_decline_returns_to_the_case(
    mesh: RunningMesh,
) -> None:
    person = generate_people(1, seed=9002, today=rome_today())[0]
    intake, case_id, referral_id = await refer_one(mesh, person, "civic")
    civic = Desk(mesh, "civic", "coordinator", person.municipality)

    candidate = await civic.wait_for("/candidates", item_with("referral_id", referral_id))
    assert candidate["status"] == "received"
    await civic.post(f"/candidates/{candidate['candidate_id']}/decline", {"reason": "no_places"})

    outcome = await intake.wait_for(f"/cases/{case_id}", referral_outcome(referral_id))
    assert outcome == "declined"


async def test_reporting_shows_the_seeded_truth_to_admin_and_office_and_after_rebuild_reconsume(
    mesh: RunningMesh,
) -> None:
    run = await run_scenario(mesh.urls, mesh.tokens, SMALL, truth=mesh.truth)
    mesh.remember(run.people)
    assert run.truth.problems == []
    assert run.truth.totals()["housing_beneficiaries"] > 0
    assert run.truth.totals()["individual_projects"] > 0

    admin, office = await converged(mesh, mesh.truth)

    assert differences(admin, mesh.truth.figures()) == {}
    assert consistent(office, mesh.truth.figures()), office
    assert "<5" in {cell for row in office.values() for cell in row.values()}
    await the_same_after_rebuild_and_reconsume(mesh, admin, office)


async def the_same_after_rebuild_and_reconsume(
    mesh: RunningMesh, admin: Table, office: Table
) -> None:
    """`lgnet reporting rebuild`, then `reconsume`: the same figures, no event stored twice."""
    assert "is live" in await lgnet(mesh, "reporting", "rebuild")
    assert await municipality_table(mesh, "admin") == admin
    assert await municipality_table(mesh, "national_office") == office

    stored = await audit_log_size(mesh)
    assert "0 events were new" in await lgnet(mesh, "reporting", "reconsume", "--timeout", "120")
    assert await audit_log_size(mesh) == stored
    assert await municipality_table(mesh, "admin") == admin
    assert await municipality_table(mesh, "national_office") == office


@pytest.mark.skipif(chromium_binary() is None, reason="chromium is not installed")
async def test_the_dashboard_renders_in_a_real_browser_in_italian_and_english(
    mesh: RunningMesh, tmp_path: Path
) -> None:
    token = mesh.tokens.token("national_office", "*")
    taken = str(mesh.truth.totals()["taken_in_charge"])
    async with chromium_page(free_port()) as page:
        await page.open(
            f"{mesh.urls['reporting']}/dashboard?lang=it", {"Authorization": f"Bearer {token}"}
        )
        assert await page.evaluate("document.documentElement.lang") == "it"
        assert await page.evaluate("document.title") == "Cruscotto del programma LGNet"
        text = await page.evaluate("document.body.innerText")
        assert taken in text
        assert await page.evaluate("document.querySelectorAll('svg').length") > 0
        (tmp_path / "dashboard-it.png").write_bytes(await page.screenshot())
        await page.evaluate("document.querySelector('a[href=\"?lang=en\"]').click()")
        async with asyncio.timeout(20):
            while await page.evaluate("document.documentElement.lang") != "en":
                await asyncio.sleep(0.1)
        assert await page.evaluate("document.title") == "LGNet programme dashboard"
        assert (await page.screenshot()).startswith(b"\x89PNG")


async def test_housing_killed_mid_seed_and_restarted_loses_nothing_and_counts_nothing_twice(
    mesh: RunningMesh,
) -> None:
    options = ScenarioOptions(people=30, seed=202, concurrency=6, patience=90)
    retries_before = mesh.truth.tallies["retries: housing"]
    referred_before = mesh.truth.tallies["referrals to housing"]
    seeding = asyncio.create_task(run_scenario(mesh.urls, mesh.tokens, options, truth=mesh.truth))
    # Killed while someone waits on housing (a referral issued, its request awaited there):
    # killed earlier, while the scenario only registers people, no request would meet it.
    async with asyncio.timeout(90):
        while mesh.truth.tallies["referrals to housing"] == referred_before:
            assert not seeding.done(), "the scenario ended before any referral to housing"
            await asyncio.sleep(0.1)
    assert not seeding.done(), "the scenario ended before the crash: make it longer"
    mesh.stack.kill_service("housing")
    await asyncio.sleep(1.0)
    await asyncio.to_thread(mesh.stack.restart_service, "housing")
    run = await seeding
    mesh.remember(run.people)
    assert run.truth.problems == []
    assert run.truth.tallies["retries: housing"] > retries_before, "no request met housing dead"

    admin, _ = await converged(mesh, mesh.truth, timeout=90)

    assert differences(admin, mesh.truth.figures()) == {}


async def test_no_personal_data_of_the_scenario_leaves_intake_in_clear(mesh: RunningMesh) -> None:
    if not mesh.secrets:
        run = await run_scenario(mesh.urls, mesh.tokens, ScenarioOptions(10, seed=303))
        mesh.remember(run.people)
    assert len(mesh.secrets) > 50

    on_kafka = {t: found_in(text, mesh.secrets) for t, text in (await kafka_text(mesh)).items()}
    in_databases = {s: found_in(await database_text(mesh, s), mesh.secrets)
                    for s in NO_PERSONAL_DATA}  # fmt: skip
    in_logs = {name: found_in(text, mesh.secrets) for name, text in log_text(mesh).items()}

    assert {t: found for t, found in on_kafka.items() if found} == {}
    assert {s: found for s, found in in_databases.items() if found} == {}
    assert {name: found for name, found in in_logs.items() if found} == {}
