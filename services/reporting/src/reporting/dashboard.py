"""The dashboard page: the reports' figures rendered as HTML with inline SVG charts."""

from dataclasses import dataclass
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, select_autoescape

from reporting.api.schemas import (
    CaseworkReport,
    KpiReport,
    MunicipalityTable,
    ProgrammeReport,
    Timeseries,
)
from reporting.domain.kpis import METRICS

Language = Literal["it", "en"]
CHART_HEIGHT = 120

LABELS: dict[Language, dict[str, str]] = {
    "en": {
        "title": "LGNet programme dashboard",
        "as_of": "Figures as of",
        "taken_in_charge": "People taken in charge",
        "housing_beneficiaries": "Beneficiaries of housing measures",
        "individual_projects": "Individual civic projects",
        "target": "target",
        "by_municipality": "By municipality",
        "municipality": "Municipality",
        "total": "Total",
        "trend": "Monthly trend",
        "funnel": "Referral funnel",
        "issued": "issued",
        "accepted": "accepted",
        "declined": "declined",
        "started": "placed / started",
        "housing": "Housing",
        "civic": "Civic engagement",
        "suppressed_note": "Cells of 1 to 4 people are shown as <5; some others are hidden so "
        "that totals do not reveal them.",
        "other_language": "Italiano",
        "share_note": "Beside each figure: its share of the national target.",
        "casework": "Case work",
        "complaints_received": "Complaints received",
        "complaints_answered": "answered",
        "complaints_open": "open",
        "median_days": "median days to answer",
        "merges": "Records merged",
        "break_glass": "Emergency accesses",
        "follow_ups_overdue": "Follow-ups overdue",
        "referrals_unanswered": "Referrals unanswered",
        "overdue_note": "Overdue on the day of the figures; a referral counts as unanswered "
        "after {days} days without an outcome.",
        "people_note": "A person taken in charge by two municipalities is in both rows and "
        "once in the total.",
        "consents": "Consent by purpose",
        "purpose": "Purpose",
        "given": "given",
        "withdrawn": "withdrawn",
        "valid": "people with valid consent",
        "case_work": "case work",
        "referral_housing": "referral to housing",
        "referral_civic": "referral to civic engagement",
        "external_sharing": "referral outside LGNet",
        "statistics": "statistics",
    },
    "it": {
        "title": "Cruscotto del programma LGNet",
        "as_of": "Dati aggiornati al",
        "taken_in_charge": "Persone prese in carico",
        "housing_beneficiaries": "Beneficiari di misure abitative",
        "individual_projects": "Progetti individuali di cittadinanza attiva",
        "target": "obiettivo",
        "by_municipality": "Per comune",
        "municipality": "Comune",
        "total": "Totale",
        "trend": "Andamento mensile",
        "funnel": "Percorso degli invii",
        "issued": "inviati",
        "accepted": "accettati",
        "declined": "rifiutati",
        "started": "inseriti / avviati",
        "housing": "Abitare",
        "civic": "Cittadinanza attiva",
        "suppressed_note": "Le celle da 1 a 4 persone sono indicate come <5; altre sono nascoste "
        "perché i totali non le rivelino.",
        "other_language": "English",
        "share_note": "Accanto a ogni dato: la quota dell'obiettivo nazionale.",
        "casework": "Lavoro sui casi",
        "complaints_received": "Reclami ricevuti",
        "complaints_answered": "con risposta",
        "complaints_open": "aperti",
        "median_days": "giorni mediani per la risposta",
        "merges": "Schede unificate",
        "break_glass": "Accessi di emergenza",
        "follow_ups_overdue": "Verifiche scadute",
        "referrals_unanswered": "Invii senza risposta",
        "overdue_note": "Scadenze al giorno dei dati; un invio è senza risposta dopo {days} "
        "giorni senza esito.",
        "people_note": "Una persona presa in carico da due comuni è in entrambe le righe e una "
        "sola volta nel totale.",
        "consents": "Consenso per finalità",
        "purpose": "Finalità",
        "given": "dati",
        "withdrawn": "revocati",
        "valid": "persone con consenso valido",
        "case_work": "gestione del caso",
        "referral_housing": "invio all'abitare",
        "referral_civic": "invio alla cittadinanza attiva",
        "external_sharing": "invio a servizi esterni",
        "statistics": "statistiche",
    },
}


@dataclass(frozen=True, slots=True)
class Bar:
    period: str
    shown: Any
    height: int


def bars(series: Timeseries) -> list[Bar]:
    numbers = [p.value for p in series.points if isinstance(p.value, int)]
    top = max(numbers, default=0) or 1
    return [
        Bar(
            p.period,
            p.value,
            round(CHART_HEIGHT * p.value / top) if isinstance(p.value, int) else 0,
        )
        for p in series.points
    ]


def render_dashboard(
    language: Language,
    kpis: KpiReport,
    table: MunicipalityTable,
    trends: list[Timeseries],
    programme: ProgrammeReport,
    casework: CaseworkReport | None = None,
    answer_days: int = 14,
) -> str:
    """*answer_days*: after how many days a referral counts as unanswered (for the note)."""
    environment = Environment(
        loader=PackageLoader("reporting", "templates"), autoescape=select_autoescape()
    )
    return environment.get_template("dashboard.html").render(
        lang=language,
        other="en" if language == "it" else "it",
        t=LABELS[language],
        kpis=kpis,
        table=table,
        trends=[(series, bars(series)) for series in trends],
        funnels=programme.funnels,
        chart_height=CHART_HEIGHT,
        metrics=METRICS,
        casework=casework,
        answer_days=answer_days,
    )
