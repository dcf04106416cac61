"""What the code says, for the deployment files to be checked against: services, ports,
topics, the environment variables the settings read, and the routes of each app."""

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from civic.api.app import create_app as create_civic
from civic.settings import CivicSettings
from housing.api.app import create_app as create_housing
from housing.settings import HousingSettings
from intake.api.app import create_app as create_intake
from intake.settings import IntakeSettings
from lgnet_devstack.services import service_port
from lgnet_events.topics import DEFAULT_PARTITIONS, SERVICES, all_topics
from lgnet_privacy import MasterKey
from lgnet_service.settings import ServiceSettings, database_url_variable
from reporting.api.app import create_app as create_reporting
from reporting.settings import ReportingSettings

ROOT = Path(__file__).parents[2]
NAMESPACE = "lgnet"
PARTITIONS = DEFAULT_PARTITIONS
PORTS = {service: service_port(service) for service in SERVICES}
TOPICS = all_topics(NAMESPACE)
SETTINGS: dict[str, type[ServiceSettings]] = {
    "intake": IntakeSettings,
    "housing": HousingSettings,
    "civic": CivicSettings,
    "reporting": ReportingSettings,
}
#: Standard OpenTelemetry SDK variables the services are given (read by the SDK itself).
OTEL_VARIABLES = {
    "OTEL_SERVICE_NAME",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
}
#: Read by the image's command (Dockerfile CMD) to pick the service and its port.
IMAGE_VARIABLES = {"SERVICE", "PORT"}


def settings_variables(service: str) -> set[str]:
    """Every variable *service*'s settings class reads: ``LGNET_<FIELD>`` and its database."""
    fields = SETTINGS[service].model_fields
    return {f"LGNET_{name.upper()}" for name in fields} | {database_url_variable(service)}


def readable_variables(service: str) -> set[str]:
    return settings_variables(service) | OTEL_VARIABLES | IMAGE_VARIABLES


@cache
def routes(service: str) -> frozenset[str]:
    """The paths *service*'s app serves, from its OpenAPI (built without starting it)."""
    return frozenset(_app(service).openapi()["paths"])


def _app(service: str) -> FastAPI:
    given: dict[str, Any] = {
        "database_url": f"postgresql://nobody@localhost/{service}",
        "auth_hs256_secret": "deployment-tests-secret-of-at-least-32-bytes",
        "master_key": MasterKey.generate().as_text(),
    }
    factories: dict[str, Callable[[], FastAPI]] = {
        "intake": lambda: create_intake(IntakeSettings(**given)),
        "housing": lambda: create_housing(HousingSettings(**given)),
        "civic": lambda: create_civic(CivicSettings(**given)),
        "reporting": lambda: create_reporting(ReportingSettings(**given)),
    }
    return factories[service]()
