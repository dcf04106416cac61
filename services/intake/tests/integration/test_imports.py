import httpx

from .conftest import COORDINATOR, OPERATOR, Register

HEADER = (
    "municipality,given_names,family_names,birth_date,sex,nationality,languages,"
    "consents,consent_given_on,channel,contact_point,urgency"
)
ROWS = [
    "bologna,Yonas,Tesfay,1990-01-15,male,ER,ti en,case_work referral_housing,2026-04-01,"
    "mobile_unit,stazione_centrale,high",
    "bologna,Olena,Kovalenko,1985-07-30,female,UA,uk,case_work,2026-04-02,,,",
]
CSV = {"Content-Type": "text/csv"}


def csv_file(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


async def post(client: httpx.AsyncClient, body: str, dry_run: bool = False) -> httpx.Response:
    url = "/imports/people" + ("?dry_run=true" if dry_run else "")
    return await client.post(url, content=body.encode(), headers={**COORDINATOR, **CSV})


async def test_a_dry_run_reports_a_clean_file_and_writes_nothing(
    client: httpx.AsyncClient,
) -> None:
    dry = await post(client, csv_file(*ROWS), dry_run=True)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["rows"], dry.json()["problems"], dry.json()["imported"]) == (2, [], False)
    assert (await client.get("/cases", headers=OPERATOR)).json()["items"] == []


async def test_a_clean_file_imports_every_person_and_case(client: httpx.AsyncClient) -> None:
    done = await post(client, csv_file(*ROWS))
    assert done.status_code == 201, done.text
    people, cases = done.json()["beneficiary_ids"], done.json()["case_ids"]
    assert (len(people), len(cases)) == (2, 1)
    yonas = (await client.get(f"/beneficiaries/{people[0]}", headers=OPERATOR)).json()
    assert yonas["personal_data"]["family_names"] == "Tesfay"
    assert {c["purpose"] for c in yonas["consents"]} == {"case_work", "referral_housing"}
    case = (await client.get(f"/cases/{cases[0]}", headers=OPERATOR)).json()
    assert (case["beneficiary_id"], case["channel"]) == (people[0], "mobile_unit")


async def test_one_bad_row_imports_nothing_and_the_report_says_where(
    client: httpx.AsyncClient,
) -> None:
    bad = ROWS[1].replace("1985-07-30", "30/07/1985").replace(",UA,", ",Ukraine,")
    refused = await post(client, csv_file(ROWS[0], bad))
    assert refused.status_code == 422, refused.text
    problems = refused.json()["report"]["problems"]
    assert sorted((p["row"], p["field"]) for p in problems) == [
        (3, "birth_date"),
        (3, "nationality"),
    ]
    assert (await client.get("/cases", headers=OPERATOR)).json()["items"] == []


async def test_likely_duplicates_in_the_file_or_already_registered_are_problems(
    client: httpx.AsyncClient, register: Register
) -> None:
    existing = await register()
    amina = "bologna,Amina,Diallo,1994-03-12,female,SN,fr,,,,,"
    refused = await post(client, csv_file(ROWS[0], ROWS[0], amina))
    assert refused.status_code == 422
    reasons = {p["row"]: p["reason"] for p in refused.json()["report"]["problems"]}
    assert reasons[3] == "likely the same person as row 2"
    assert existing in reasons[4]


async def test_rows_outside_the_coordinators_municipalities_and_operators_are_refused(
    client: httpx.AsyncClient,
) -> None:
    roma = ROWS[1].replace("bologna,", "roma,")
    dry = await post(client, csv_file(roma), dry_run=True)
    assert [(p["row"], p["field"]) for p in dry.json()["problems"]] == [(2, "municipality")]
    operator = await client.post(
        "/imports/people", content=csv_file(*ROWS).encode(), headers={**OPERATOR, **CSV}
    )
    assert operator.status_code == 403
    empty = await post(client, HEADER + "\n")
    assert empty.status_code == 422
