"""Follow-ups: what must be checked on a case by when, and what counts as overdue."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID


@dataclass(frozen=True, slots=True)
class FollowUp:
    follow_up_id: UUID
    due_on: date
    referral_id: UUID | None = None
    done: bool = False


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Today, and how long a referral may wait for its answer before it is flagged."""

    today: date
    referral_answer_days: int

    def follow_up_overdue(self, due_on: date, done_on: date | None) -> bool:
        return done_on is None and due_on < self.today

    def referral_overdue(self, issued_at: datetime, outcome: str | None) -> bool:
        return outcome is None and issued_at.date() <= self.referral_answer_deadline

    @property
    def referral_answer_deadline(self) -> date:
        """Referrals issued on or before this day and still unanswered are overdue."""
        return self.today - timedelta(days=self.referral_answer_days)
