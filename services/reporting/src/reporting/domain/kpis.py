"""The programme's KPIs (DESIGN 6) and their national targets."""

from dataclasses import dataclass
from typing import Literal

Metric = Literal["taken_in_charge", "housing_beneficiaries", "individual_projects"]


@dataclass(frozen=True, slots=True)
class Kpi:
    metric: Metric
    fact: str
    #: distinct beneficiaries (each in the month of their first qualifying event) or every event
    distinct_people: bool
    target: int


KPIS: dict[str, Kpi] = {
    "taken_in_charge": Kpi("taken_in_charge", "taken_in_charge", True, 3000),
    "housing_beneficiaries": Kpi("housing_beneficiaries", "housing_beneficiary", True, 500),
    "individual_projects": Kpi("individual_projects", "individual_project", False, 600),
}
METRICS: tuple[Metric, ...] = ("taken_in_charge", "housing_beneficiaries", "individual_projects")


def progress(value: int, target: int) -> float:
    """Share of the target reached, as a fraction rounded to four places."""
    return round(value / target, 4) if target else 0.0
