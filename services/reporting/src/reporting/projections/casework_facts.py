"""The facts of intake's case work: complaints, consent per purpose, merges, break-glass
openings, follow-ups (``follow_up_due``: at its due day) and approved case plans, and
referral outcomes recorded by intake (``referral_answered``), which tell, with
``referral_issued``, the referrals left unanswered (issue 10).

Consent facts are named per purpose (``consent_given.case_work`` …) because a fact is one
row per (event, fact). ``consent_given``'s label is the expiry day (ISO text) or NULL. A
registration's consents are one fact, ``consents_registered`` (below).
"""

from typing import get_args

from lgnet_events.catalog.intake import ConsentPurpose
from reporting.projections.fact_model import FactSql, field

PURPOSES: tuple[str, ...] = get_args(ConsentPurpose)
CONSENT_GIVEN = "consent_given"
CONSENT_WITHDRAWN = "consent_withdrawn"


def consent_fact(kind: str, purpose: str) -> str:
    return f"{kind}.{purpose}"


def _consent_mappings(purpose: str) -> tuple[FactSql, ...]:
    given = consent_fact(CONSENT_GIVEN, purpose)
    of_purpose = f"{field('purpose')} = '{purpose}'"
    return (
        FactSql(
            "intake.ConsentGiven", given, label=field("expires_on"), on="given_on",
            when=of_purpose,
        ),
        FactSql(
            "intake.ConsentWithdrawn", consent_fact(CONSENT_WITHDRAWN, purpose),
            on="withdrawn_on", when=of_purpose,
        ),
    )  # fmt: skip


#: A registration's consents as one fact, whose detail is the payload's ``consents`` array
#: (each entry: purpose, given_on, expires_on; nothing personal). The casework query reads
#: it per purpose (the first entry of each purpose counts), as it reads
#: ``consent_given.<purpose>``. A row per purpose made registrations four fifths of the
#: facts of a programme, and of a rebuild's time; the array as a text label, a fifth of the
#: facts statement's time (``jsonb`` to text).
CONSENTS_REGISTERED = "consents_registered"
REGISTERED_CONSENTS = FactSql(
    "intake.BeneficiaryRegistered", CONSENTS_REGISTERED, detail="d->'consents'",
    when="jsonb_array_length(d->'consents') > 0",
)  # fmt: skip


CASEWORK: tuple[FactSql, ...] = (
    FactSql(
        "intake.ComplaintReceived", "complaint_received", "complaint_id", field("kind"),
        on="received_on",
    ),
    FactSql(
        "intake.ComplaintAnswered", "complaint_answered", "complaint_id", field("resolution"),
        on="answered_on",
    ),
    *(mapping for purpose in PURPOSES for mapping in _consent_mappings(purpose)),
    REGISTERED_CONSENTS,
    FactSql("intake.BeneficiaryMerged", "beneficiary_merged", "merged_into"),
    FactSql("intake.BeneficiaryMergeUndone", "merge_undone", "merged_into"),
    FactSql("intake.BreakGlassAccessGranted", "break_glass_opened", "grant_id"),
    FactSql("intake.FollowUpScheduled", "follow_up_scheduled", "follow_up_id", field("subject")),
    FactSql(
        "intake.FollowUpScheduled", "follow_up_due", "follow_up_id", field("due_on"),
        on="due_on",
    ),
    FactSql(
        "intake.FollowUpDone", "follow_up_done", "follow_up_id", field("outcome"), on="done_on"
    ),
    FactSql("intake.ReferralOutcomeRecorded", "referral_answered", "referral_id", field("outcome")),
    FactSql("intake.CasePlanApproved", "case_plan_approved", "case_id", field("plan_version")),
)  # fmt: skip
