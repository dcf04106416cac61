"""Reporting settings: the LGNET_* variables; database from LGNET_REPORTING_DATABASE_URL."""

from lgnet_service.settings import ServiceSettings

SERVICE = "reporting"
#: the services whose topics reporting reads, all of them
SOURCES = ("intake", "housing", "civic")


class ReportingSettings(ServiceSettings):
    service: str = SERVICE
    consumer_session_timeout_ms: int = 10_000
    #: off: serve HTTP only, leaving consuming to other replicas (and tests)
    run_workers: bool = True
    #: audit-log positions per set-based step of a rebuild
    rebuild_batch_size: int = 100_000
    #: at start, rebuild once when the live facts were derived by an older release
    #: (``reporting.upgrade``); off: the operator runs ``lgnet reporting rebuild``
    rebuild_on_upgrade: bool = True
    #: a referral unanswered after this many days is counted as such: the same variable
    #: (``LGNET_REFERRAL_ANSWER_DAYS``) as intake's flag in the case view
    referral_answer_days: int = 14

    @property
    def source_topics(self) -> list[str]:
        return [self.topic_of(source) for source in SOURCES]


def load_settings(**overrides: object) -> ReportingSettings:
    return ReportingSettings.for_service(SERVICE, **overrides)
