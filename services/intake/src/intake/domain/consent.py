"""Consent per purpose: given from a date, possibly expiring, withdrawable at any time."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import get_args

from intake.domain import errors
from lgnet_events.catalog.intake import ConsentPurpose, ConsentTerms

PURPOSES: tuple[ConsentPurpose, ...] = get_args(ConsentPurpose)

#: The purpose a referral to each target needs: housing and civic are ours, the rest external.
PURPOSE_OF_TARGET: Mapping[str, ConsentPurpose] = {
    "housing": "referral_housing",
    "civic": "referral_civic",
}
EXTERNAL_SHARING: ConsentPurpose = "external_sharing"

#: The purposes of the consent sealed in the registration form (before consent per purpose).
FORM_PURPOSES: Mapping[str, tuple[ConsentPurpose, ...]] = {
    "case_management": ("case_work",),
    "referral": ("referral_housing", "referral_civic", "external_sharing"),
    "statistics": ("statistics",),
}


def purpose_of_referral(target: str) -> ConsentPurpose:
    return PURPOSE_OF_TARGET.get(target, EXTERNAL_SHARING)


def purposes_of_form(form_purposes: Iterable[str]) -> tuple[ConsentPurpose, ...]:
    found = {p for form in form_purposes for p in FORM_PURPOSES.get(form, ())}
    return tuple(p for p in PURPOSES if p in found)


def terms(purpose: ConsentPurpose, given_on: date, expires_on: date | None = None) -> ConsentTerms:
    return ConsentTerms(purpose=purpose, given_on=given_on, expires_on=expires_on)


def check_terms(given: ConsentTerms) -> None:
    if given.expires_on is not None and given.expires_on <= given.given_on:
        raise errors.Invalid(
            f"consent for {given.purpose} cannot expire on {given.expires_on}, "
            f"before or on the day it is given ({given.given_on})"
        )


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    terms: ConsentTerms
    withdrawn_on: date | None = None

    def refusal_on(self, day: date) -> str | None:
        """Why this consent does not cover *day*, or ``None`` when it does."""
        purpose, given = self.terms.purpose, self.terms
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return f"consent for {purpose} was withdrawn on {self.withdrawn_on}"
        if given.expires_on is not None and given.expires_on < day:
            return f"consent for {purpose} expired on {given.expires_on}"
        if given.given_on > day:
            return f"consent for {purpose} only starts on {given.given_on}"
        return None

    @property
    def withdrawable(self) -> bool:
        return self.withdrawn_on is None


def require_consent(
    consents: Mapping[ConsentPurpose, ConsentRecord], purpose: ConsentPurpose, day: date
) -> None:
    record = consents.get(purpose)
    reason = f"no consent for {purpose} is recorded" if record is None else record.refusal_on(day)
    if reason is not None:
        raise errors.ConsentMissing(
            f"{reason}: record the person's consent for {purpose} before going on"
        )
