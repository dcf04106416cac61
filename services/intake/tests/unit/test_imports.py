import pytest

from intake.imports import PlannedRow, plan_row, read_rows

HEADER = (
    "municipality,given_names,family_names,birth_date,sex,nationality,languages,"
    "consents,consent_given_on,channel,contact_point,urgency"
)
ROW = "bologna,Amina,Diallo,1994-03-12,female,SN,fr wo,case_work statistics,2026-05-02,"


def cells(text: str) -> dict[str, str]:
    return next(read_rows(f"{HEADER}\n{text}\n"))[1]


def test_a_valid_row_becomes_a_registration_with_its_consents() -> None:
    planned = plan_row(2, cells(ROW + ",,"))
    assert isinstance(planned, PlannedRow)
    assert planned.register.languages == ("fr", "wo")
    assert [c.purpose for c in planned.register.consents] == ["case_work", "statistics"]
    assert planned.open_case is None


def test_a_row_with_a_channel_also_opens_a_case() -> None:
    planned = plan_row(2, cells(ROW + "one_stop_shop,desk_1,low"))
    assert isinstance(planned, PlannedRow)
    assert planned.open_case is not None
    assert planned.open_case.beneficiary_id == planned.register.beneficiary_id


def test_an_invalid_cell_is_reported_with_its_row_and_column() -> None:
    problems = plan_row(7, cells(ROW.replace("1994-03-12", "12/03/1994") + ",,"))
    assert isinstance(problems, list)
    assert [(p.row, p.field) for p in problems] == [(7, "birth_date")]


def test_a_case_without_contact_point_and_urgency_is_reported() -> None:
    problems = plan_row(2, cells(ROW + "mobile_unit,,"))
    assert isinstance(problems, list)
    assert "contact_point" in problems[0].reason


def test_a_row_longer_than_the_header_is_refused() -> None:
    with pytest.raises(ValueError, match="row 2"):
        list(read_rows(f"{HEADER}\n{ROW},,,extra\n"))
