"""Why the domain refuses a command. The API turns each kind into its HTTP status."""


class DomainError(Exception):
    """A command that the current state of an aggregate does not allow."""

    code = "rejected"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Rejected(DomainError):
    """The command is well formed but conflicts with the aggregate's state (HTTP 409)."""


class Invalid(DomainError):
    """The command's content is not acceptable whatever the state (HTTP 422)."""

    code = "invalid"


class Missing(DomainError):
    """The aggregate the command addresses does not exist (HTTP 404)."""

    code = "not-found"


class CaseClosed(Rejected):
    code = "case-closed"


class CaseNotClosed(Rejected):
    code = "case-not-closed"


class CaseAlreadyOpened(Rejected):
    code = "case-exists"


class ReferralPending(Rejected):
    code = "referral-pending"


class ReferralOutcomeRefused(Rejected):
    code = "referral-outcome-refused"


class UnknownReferral(Missing):
    pass


class UnknownReferralTarget(Invalid):
    pass


class BeneficiaryAlreadyRegistered(Rejected):
    code = "beneficiary-exists"


class PersonalDataErased(Rejected):
    code = "personal-data-erased"


class ConsentMissing(Rejected):
    """The person has not (or no longer) agreed to the purpose the command serves."""

    code = "consent-missing"


class ConsentNotGiven(Rejected):
    code = "consent-not-given"


class FollowUpDone(Rejected):
    code = "follow-up-done"


class UnknownFollowUp(Missing):
    pass


class PlanVersionRefused(Rejected):
    code = "plan-version-refused"


class PlanNotApproved(Rejected):
    code = "plan-not-approved"


class UnknownGoal(Missing):
    pass


class BreakGlassNotNeeded(Rejected):
    """The coordinator works in the person's municipality already: no emergency access needed."""

    code = "break-glass-not-needed"


class ComplaintAnswered(Rejected):
    code = "complaint-answered"


class BeneficiaryMerged(Rejected):
    code = "beneficiary-merged"


class NotMerged(Rejected):
    code = "not-merged"


class ProposalDecided(Rejected):
    """A merge proposal is accepted or declined once."""

    code = "proposal-decided"
