"""``create_app()``: intake's FastAPI app; its lifespan starts the outbox relay and consumer."""

from fastapi import FastAPI

from intake.api.errors import install_error_handlers
from intake.api.routes import (
    access_log,
    admin,
    beneficiaries,
    break_glass,
    cases,
    complaints,
    consents,
    follow_ups,
    imports,
    matches,
    merge_proposals,
    plans,
    reviews,
)
from intake.bootstrap import bootstrap
from intake.settings import IntakeSettings, load_settings
from lgnet_service.app import create_service_app


def create_app(settings: IntakeSettings | None = None) -> FastAPI:
    settings = settings or load_settings()
    intake = bootstrap(settings)
    app = create_service_app(
        "intake",
        settings,
        routers=[
            matches.router,
            beneficiaries.router,
            consents.router,
            break_glass.router,
            access_log.router,
            follow_ups.router,
            plans.router,
            cases.router,
            complaints.router,
            imports.router,
            reviews.router,
            merge_proposals.router,
            admin.router,
        ],
        workers=lambda runtime: intake.workers(runtime.engine) if settings.run_workers else [],
    )
    app.state.intake = intake
    install_error_handlers(app)
    return app
