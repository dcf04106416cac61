"""``create_app()``: civic's FastAPI app; its lifespan starts the outbox relay and consumer."""

from fastapi import FastAPI

from civic.api.errors import install_error_handlers
from civic.api.routes import activities, candidates, individual_projects, projects
from civic.bootstrap import bootstrap
from civic.settings import CivicSettings, load_settings
from lgnet_service.app import create_service_app
from lgnet_service.auth import configured_verifier, install_auth


def create_app(settings: CivicSettings | None = None) -> FastAPI:
    settings = settings or load_settings()
    civic = bootstrap(settings)
    app = create_service_app(
        "civic",
        settings,
        routers=[projects.router, candidates.router, individual_projects.router, activities.router],
        workers=lambda runtime: civic.workers(runtime.engine) if settings.run_workers else [],
    )
    app.state.civic = civic
    secret = settings.auth_hs256_secret
    verifier = configured_verifier(
        jwks_url=settings.auth_jwks_url,
        secret=secret.get_secret_value() if secret else None,
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
    )
    install_auth(app, verifier)
    install_error_handlers(app)
    return app
