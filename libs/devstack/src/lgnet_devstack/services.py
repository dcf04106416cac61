"""The four services as the dev stack sees them: port, app module, migrations folder."""

import importlib.util
import sys
from pathlib import Path

from lgnet_events.topics import SERVICES

DEFAULT_PORT_BASE = 8000
#: intake 8001, housing 8002, civic 8003, reporting 8004 with the default base
PORT_OFFSETS = {service: index + 1 for index, service in enumerate(SERVICES)}


def check_service(name: str) -> str:
    if name not in SERVICES:
        raise ValueError(f"unknown service {name!r}: choose one of {', '.join(SERVICES)}")
    return name


def service_port(service: str, port_base: int = DEFAULT_PORT_BASE) -> int:
    return port_base + PORT_OFFSETS[service]


def app_module(service: str) -> str:
    return f"{service}.api.app"


def has_app(service: str) -> bool:
    """A service "exists" once its package has ``api/app.py`` (``create_app`` inside)."""
    try:
        return importlib.util.find_spec(app_module(service)) is not None
    except ImportError:
        return False


def package_dir(service: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(service)
    except ImportError:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def migrations_dir(service: str) -> Path | None:
    """``<package>/migrations`` when it holds an Alembic ``env.py``."""
    folder = package_dir(service)
    if folder is None or not (folder / "migrations" / "env.py").is_file():
        return None
    return folder / "migrations"


def service_argv(service: str, port: int) -> list[str]:
    return [
        sys.executable, "-m", "uvicorn", "--factory", f"{app_module(service)}:create_app",
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
