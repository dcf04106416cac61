"""``create_app()``: intake's FastAPI app; its lifespan starts the outbox relay and consumer."""

from fastapi import FastAPI

from intake.api.errors import install_error_handlers
from intake.api.routes import beneficiaries, cases
from intake.bootstrap import bootstrap
from intake.settings import IntakeSettings, load_settings
from lgnet_service.app import create_service_app
from lgnet_service.auth import TokenVerifier, install_auth


def verifier_for(settings: IntakeSettings) -> TokenVerifier:
    if settings.auth_jwks_url:
        return TokenVerifier.with_jwks(
            settings.auth_jwks_url, issuer=settings.auth_issuer, audience=settings.auth_audience
        )
    if settings.auth_hs256_secret is None:
        raise ValueError("set LGNET_AUTH_JWKS_URL, or LGNET_AUTH_HS256_SECRET for development")
    return TokenVerifier.with_secret(
        settings.auth_hs256_secret.get_secret_value(),
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
    )


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or load_settings()
    intake = bootstrap(settings)
    app = create_service_app(
        "intake",
        settings,
        routers=[beneficiaries.router, cases.router],
        workers=lambda runtime: intake.workers(runtime.engine) if settings.run_workers else [],
    )
    app.state.intake = intake
    install_auth(app, verifier_for(settings))
    install_error_handlers(app)
    return app
