"""Fictional people and what will happen to them, drawn once from a seeded random generator.

Everything random is decided here, before any request is sent, so that ``--seed N`` gives the
same people and the same stories whatever the concurrency and the timing of the services.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from lgnet_cli.scenario.origins import ORIGINS, Origin
from lgnet_events.municipalities import MUNICIPALITIES

#: big cities take more people in charge than small ones
_CITY_WEIGHTS = {
    "roma": 5,
    "milano": 5,
    "napoli": 4,
    "torino": 4,
    "palermo": 4,
    "bologna": 3,
    "firenze": 3,
    "genova": 3,
    "catania": 3,
}
_DOCUMENTS = ("passport", "residence_permit", "identity_card", "asylum_card")
#: everyone consents to case work and referrals (the form's purposes); some to more
_OPTIONAL_PURPOSES = ("statistics", "contact")


@dataclass(frozen=True)
class Journey:
    """What happens to one person: each field drawn from the seeded generator."""

    channel: str
    urgency: str
    assessed: bool
    support_sessions: int
    housing: bool
    housing_accepted: bool
    placed: bool
    placement_ends: bool
    measure: str | None
    civic: bool
    civic_accepted: bool
    civic_ending: str | None
    hours_days: int
    other_referral: str | None
    closed: bool


@dataclass(frozen=True)
class Person:
    index: int
    municipality: str
    sex: str
    nationality: str
    languages: tuple[str, ...]
    given_names: str
    family_names: str
    birth_date: date
    phone: str | None
    document: tuple[str, str, str] | None
    consent_purposes: tuple[str, ...]
    journey: Journey = field(compare=False)

    def registration(self, today: date) -> dict[str, Any]:
        """The body of ``POST /beneficiaries``."""
        personal: dict[str, Any] = {
            "given_names": self.given_names,
            "family_names": self.family_names,
            "birth_date": self.birth_date.isoformat(),
            "consent": {"purposes": list(self.consent_purposes), "given_on": today.isoformat()},
        }
        if self.phone:
            personal["phone"] = self.phone
        if self.document:
            kind, number, country = self.document
            personal["identity_document"] = {
                "kind": kind,
                "number": number,
                "issuing_country": country,
            }
        return {
            "municipality": self.municipality,
            "sex": self.sex,
            "nationality": self.nationality,
            "languages": list(self.languages),
            "personal_data": personal,
        }

    def secrets(self) -> list[str]:
        """Strings that must never leave intake in clear."""
        found = [f"{self.given_names} {self.family_names}", self.family_names]
        found += [self.phone] if self.phone else []
        return found + ([self.document[1]] if self.document else [])


def seeded(*parts: object) -> random.Random:
    """A generator for demo data, reproducible from its parts (never for secrets)."""
    return random.Random("-".join(map(str, parts)))  # noqa: S311


def generate_people(count: int, seed: int, today: date) -> list[Person]:
    rng = seeded(seed)
    taken: set[tuple[str, str, date]] = set()
    people: list[Person] = []
    while len(people) < count:
        person = _person(rng, len(people), today)
        identity = (person.given_names, person.family_names, person.birth_date)
        if identity not in taken:
            taken.add(identity)
            people.append(person)
    return people


def _person(rng: random.Random, index: int, today: date) -> Person:
    origin = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
    sex = rng.choices(["female", "male", "other", "not_stated"], weights=[40, 56, 2, 2])[0]
    municipality = rng.choices(MUNICIPALITIES, [_CITY_WEIGHTS.get(m, 2) for m in MUNICIPALITIES])[0]
    given = rng.choice(origin.female if sex == "female" else origin.male)
    age_days = rng.randint(18 * 365, 62 * 365)
    languages = (
        *rng.sample(origin.languages, rng.randint(1, len(origin.languages))),
        *(["it"] if rng.random() < 0.4 else []),
    )
    return Person(
        index,
        municipality,
        sex,
        origin.nationality,
        languages,
        given,
        _family_name(rng, origin),
        today - timedelta(days=age_days),
        _phone(rng),
        _document(rng, origin, index),
        ("case_management", "referral", *rng.sample(_OPTIONAL_PURPOSES, rng.randint(0, 2))),
        _journey(rng),
    )


def _family_name(rng: random.Random, origin: Origin) -> str:
    return rng.choice(origin.family_starts) + rng.choice(origin.family_ends)


def _phone(rng: random.Random) -> str | None:
    if rng.random() < 0.2:
        return None
    return f"+39 3{rng.randint(20, 99)} 555 {rng.randint(0, 9999):04d}"


def _document(rng: random.Random, origin: Origin, index: int) -> tuple[str, str, str] | None:
    if rng.random() < 0.15:
        return None
    number = f"ZZ{index:05d}{rng.randint(100, 999)}"
    return rng.choice(_DOCUMENTS), number, origin.nationality


def _journey(rng: random.Random) -> Journey:
    housing, civic = rng.random() < 0.45, rng.random() < 0.4
    return Journey(
        channel=rng.choice(["mobile_unit", "one_stop_shop"]),
        urgency=rng.choices(["low", "medium", "high", "critical"], [3, 5, 2, 1])[0],
        assessed=rng.random() < 0.8,
        support_sessions=rng.randint(0, 3),
        housing=housing,
        housing_accepted=rng.random() < 0.8,
        placed=rng.random() < 0.6,
        placement_ends=rng.random() < 0.2,
        measure=rng.choice(
            [None, "rent_contribution", "deposit", "utilities", "furniture", "autonomy_coaching"]
        ),
        civic=civic,
        civic_accepted=rng.random() < 0.8,
        civic_ending=rng.choice([None, None, "completed", "job_offer", "withdrawn"]),
        hours_days=rng.randint(0, 3),
        other_referral=rng.choice([None, None, "health_service", "legal_aid", "education"]),
        closed=rng.random() < 0.2,
    )
