"""Intake settings: the LGNET_* variables; database from LGNET_INTAKE_DATABASE_URL."""

from pydantic import field_validator

from intake.domain.retention import ACCESS_LOG_FLOOR_DAYS, RetentionPolicy
from lgnet_service.settings import ServiceSettings

SERVICE = "intake"


class IntakeSettings(ServiceSettings):
    service: str = SERVICE
    consumer_session_timeout_ms: int = 10_000
    #: off: serve HTTP only, leaving publishing and consuming to other replicas (and tests)
    run_workers: bool = True
    #: a referral still unanswered after this many days is flagged in the case view
    referral_answer_days: int = 14
    #: the longest a break-glass grant may last
    break_glass_max_minutes: int = 8 * 60
    #: personal data of people whose cases all closed this many days ago is erased
    closed_case_retention_days: int = 5 * 365
    #: duplicate-check keys of people whose cases all closed this many days ago are deleted
    match_key_retention_days: int = 2 * 365
    #: access-log entries older than this many days are deleted (0: kept for ever; else >= 365)
    access_log_retention_days: int = 10 * 365
    #: import jobs (progress and report) ended this many days ago are deleted
    import_job_retention_days: int = 90
    #: seconds between two retention scans of the background worker
    retention_scan_interval_s: float = 6 * 3600
    #: the most rows one CSV import may hold (all written in one transaction)
    import_max_rows: int = 2000
    #: duplicate checks (``POST /beneficiaries/matches``) per token and hour; 0: no limit
    match_checks_per_hour: int = 60

    @field_validator("access_log_retention_days")
    @classmethod
    def _access_log_kept_a_year(cls, days: int) -> int:
        if 0 < days < ACCESS_LOG_FLOOR_DAYS:
            raise ValueError(f"the access log is kept at least {ACCESS_LOG_FLOOR_DAYS} days")
        return days

    @property
    def retention(self) -> RetentionPolicy:
        return RetentionPolicy(
            personal_data=self.closed_case_retention_days,
            match_keys=self.match_key_retention_days,
            access_log=self.access_log_retention_days,
            import_jobs=self.import_job_retention_days,
        )


def load_settings(**overrides: object) -> IntakeSettings:
    return IntakeSettings.for_service(SERVICE, **overrides)
