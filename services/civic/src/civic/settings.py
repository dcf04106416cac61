"""Civic settings: the LGNET_* variables; database from LGNET_CIVIC_DATABASE_URL."""

from lgnet_service.settings import ServiceSettings

SERVICE = "civic"


class CivicSettings(ServiceSettings):
    service: str = SERVICE
    consumer_session_timeout_ms: int = 10_000
    #: off: serve HTTP only, leaving publishing and consuming to other replicas (and tests)
    run_workers: bool = True
    #: the calendar "today" is read in, for the rule that nothing is logged in the future
    time_zone: str = "Europe/Rome"


def load_settings(**overrides: object) -> CivicSettings:
    return CivicSettings.for_service(SERVICE, **overrides)
