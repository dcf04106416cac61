"""The ground truth: what the services accepted with a 2xx, counted as reporting should count it.

KPI definitions (DESIGN 6): taken in charge = distinct beneficiaries with a case opened;
housing beneficiaries = distinct beneficiaries with a placement started or a measure granted;
individual projects = individual projects started. Anything else is kept as plain tallies.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from lgnet_events.municipalities import MUNICIPALITIES

KPIS = ("taken_in_charge", "housing_beneficiaries", "individual_projects")
Figures = dict[str, dict[str, int]]


@dataclass
class GroundTruth:
    taken_in_charge: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    housing_beneficiaries: defaultdict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    individual_projects: Counter[str] = field(default_factory=Counter)
    tallies: Counter[str] = field(default_factory=Counter)
    #: requests answered with an unexpected status: "<what>: <status> <detail>"
    problems: list[str] = field(default_factory=list)

    def case_opened(self, municipality: str, beneficiary_id: str) -> None:
        self.taken_in_charge[municipality].add(beneficiary_id)
        self.count("cases opened")

    def housed(self, municipality: str, beneficiary_id: str, how: str) -> None:
        self.housing_beneficiaries[municipality].add(beneficiary_id)
        self.count(how)

    def project_started(self, municipality: str) -> None:
        self.individual_projects[municipality] += 1
        self.count("individual projects started")

    def count(self, what: str, n: int = 1) -> None:
        self.tallies[what] += n

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def figures(self) -> Figures:
        """``{municipality: {kpi: value}}`` for all 18 municipalities, zeros included."""
        return {m: self.figures_of(m) for m in MUNICIPALITIES}

    def figures_of(self, municipality: str) -> dict[str, int]:
        return {
            "taken_in_charge": len(self.taken_in_charge.get(municipality, ())),
            "housing_beneficiaries": len(self.housing_beneficiaries.get(municipality, ())),
            "individual_projects": self.individual_projects.get(municipality, 0),
        }

    def totals(self) -> dict[str, int]:
        figures = self.figures().values()
        return {kpi: sum(row[kpi] for row in figures) for kpi in KPIS}
