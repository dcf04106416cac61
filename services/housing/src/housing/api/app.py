"""``create_app()``: housing's FastAPI app; its lifespan starts the outbox relay and consumer."""

from fastapi import FastAPI

from housing.api.errors import install_error_handlers
from housing.api.routes import measures, placements, requests, units
from housing.bootstrap import bootstrap
from housing.settings import HousingSettings, load_settings
from lgnet_service.app import create_service_app
from lgnet_service.auth import configured_verifier, install_auth


def create_app(settings: HousingSettings | None = None) -> FastAPI:
    settings = settings or load_settings()
    housing = bootstrap(settings)
    secret = settings.auth_hs256_secret
    verifier = configured_verifier(
        jwks_url=settings.auth_jwks_url,
        secret=secret.get_secret_value() if secret else None,
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
    )
    app = create_service_app(
        "housing",
        settings,
        routers=[units.router, requests.router, placements.router, measures.router],
        workers=lambda runtime: housing.workers(runtime.engine) if settings.run_workers else [],
    )
    app.state.housing = housing
    install_auth(app, verifier)
    install_error_handlers(app)
    return app
