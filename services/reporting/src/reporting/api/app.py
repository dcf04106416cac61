"""``create_app()``: reporting's FastAPI app; its lifespan starts the audit consumer."""

from fastapi import FastAPI

from lgnet_service.app import create_service_app
from lgnet_service.auth import configured_verifier, install_auth
from reporting.api.routes import admin, audit, casework, dashboard, exports, reports
from reporting.bootstrap import bootstrap
from reporting.settings import ReportingSettings, load_settings


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    settings = settings or load_settings()
    reporting = bootstrap(settings)
    app = create_service_app(
        "reporting",
        settings,
        routers=[
            reports.router,
            casework.router,
            audit.router,
            admin.router,
            exports.router,
            dashboard.router,
        ],
        workers=lambda runtime: (
            reporting.workers(runtime.engine) if settings.run_workers else [reporting.jobs]
        ),
    )
    app.state.reporting = reporting
    secret = settings.auth_hs256_secret
    verifier = configured_verifier(
        jwks_url=settings.auth_jwks_url,
        secret=secret.get_secret_value() if secret else None,
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
    )
    install_auth(app, verifier)
    return app
