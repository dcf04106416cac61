"""The scenario generator on its own: people, stories and the ground truth (no services)."""

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from intake.api.schemas import NewBeneficiary
from lgnet_cli.main import app
from lgnet_cli.scenario import GroundTruth, generate_people
from lgnet_events.municipalities import MUNICIPALITIES

TODAY = date(2026, 5, 4)


def test_the_same_seed_gives_the_same_people_and_stories() -> None:
    first, again = generate_people(50, 7, TODAY), generate_people(50, 7, TODAY)

    assert first == again
    assert [p.journey for p in first] == [p.journey for p in again]
    assert generate_people(50, 8, TODAY) != first


def test_people_are_varied_and_never_the_same_person_twice() -> None:
    people = generate_people(300, 1, TODAY)

    assert len({(p.given_names, p.family_names, p.birth_date) for p in people}) == 300
    assert len({p.nationality for p in people}) >= 12
    assert len({p.municipality for p in people}) == len(MUNICIPALITIES)
    assert {p.journey.channel for p in people} == {"mobile_unit", "one_stop_shop"}
    assert any(not p.given_names.isascii() for p in people), "some names keep their diacritics"
    assert all(18 <= (TODAY - p.birth_date).days // 365 <= 62 for p in people)


def test_every_registration_is_a_body_intake_accepts() -> None:
    for person in generate_people(100, 3, TODAY):
        body = NewBeneficiary.model_validate(person.registration(TODAY))

        assert body.municipality == person.municipality
        assert {"case_management", "referral"} <= set(body.personal_data.consent.purposes)


def test_the_secrets_of_a_person_are_their_names_phone_and_document() -> None:
    person = next(p for p in generate_people(50, 4, TODAY) if p.phone and p.document)

    assert person.secrets() == [
        f"{person.given_names} {person.family_names}",
        person.family_names,
        person.phone,
        person.document[1] if person.document else None,
    ]


def test_the_ground_truth_counts_distinct_people_and_every_project() -> None:
    truth = GroundTruth()
    truth.case_opened("roma", "a")
    truth.case_opened("roma", "a")
    truth.case_opened("bologna", "b")
    truth.housed("roma", "a", "placements started")
    truth.housed("roma", "a", "support measures granted")
    truth.project_started("roma")
    truth.project_started("roma")

    assert truth.figures_of("roma") == {
        "taken_in_charge": 1, "housing_beneficiaries": 1, "individual_projects": 2,
    }  # fmt: skip
    assert truth.totals() == {
        "taken_in_charge": 2, "housing_beneficiaries": 1, "individual_projects": 2,
    }  # fmt: skip
    assert truth.figures()["trieste"] == dict.fromkeys(truth.figures_of("roma"), 0)


def test_seed_without_a_running_stack_says_how_to_start_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LGNET_STATE_DIR", str(tmp_path))

    result = CliRunner().invoke(app, ["seed", "--people", "5"])

    assert result.exit_code == 1
    assert "lgnet dev up" in result.output
