from reporting.domain.age import age_band
from reporting.domain.redaction import SEALED, redact


def test_age_bands_follow_the_design() -> None:
    bands = [age_band(2026 - age, 2026) for age in (0, 17, 18, 24, 25, 34, 35, 49, 50, 90)]
    assert bands == [
        "0-17",
        "0-17",
        "18-24",
        "18-24",
        "25-34",
        "25-34",
        "35-49",
        "35-49",
        "50+",
        "50+",
    ]


def test_ciphertext_and_names_are_sealed_in_what_auditors_see() -> None:
    data = {
        "personal_data": "lgnet:v1:abc",
        "tutor": "Maria",
        "sex": "female",
        "x": [{"n": "lgnet:v1:z"}],
    }
    assert redact(data) == {
        "personal_data": SEALED,
        "tutor": SEALED,
        "sex": "female",
        "x": [{"n": SEALED}],
    }
