"""Housing settings: the LGNET_* variables; database from LGNET_HOUSING_DATABASE_URL."""

from lgnet_service.settings import ServiceSettings

SERVICE = "housing"


class HousingSettings(ServiceSettings):
    service: str = SERVICE
    consumer_session_timeout_ms: int = 10_000
    #: off: serve HTTP only, leaving publishing and consuming to other replicas (and tests)
    run_workers: bool = True


def load_settings(**overrides: object) -> HousingSettings:
    return HousingSettings.for_service(SERVICE, **overrides)
