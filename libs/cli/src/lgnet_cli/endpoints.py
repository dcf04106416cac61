"""Which database and broker a one-off command talks to: option, environment, running stack."""

from lgnet_cli.console import fail
from lgnet_devstack.environment import (
    BOOTSTRAP_VARIABLE,
    database_url_variable,
    external_bootstrap,
    external_database_url,
)
from lgnet_devstack.record import StackRecord
from lgnet_devstack.state import StateDir, default_state_dir
from lgnet_service.settings import async_database_url


def running_stack() -> StackRecord | None:
    return StackRecord.read(StateDir(default_state_dir()).record_file)


def database_url(service: str, option: str | None) -> str:
    """``--database-url``, else ``LGNET_<SERVICE>_DATABASE_URL``, else the running dev stack."""
    stack = running_stack()
    url = option or external_database_url(service) or (stack and stack.database_urls.get(service))
    if not url:
        fail(
            f"no database for {service}: pass --database-url, set "
            f"{database_url_variable(service)}, or start `lgnet dev up`"
        )
    # The services take ``postgresql://…`` too: the CLI's engines need the asyncpg driver.
    return async_database_url(url)


def bootstrap(option: str | None) -> str:
    """``--bootstrap``, else ``LGNET_KAFKA_BOOTSTRAP``, else the running dev stack."""
    stack = running_stack()
    servers = option or external_bootstrap() or (stack and stack.bootstrap)
    if not servers:
        fail(
            f"no Kafka broker: pass --bootstrap, set {BOOTSTRAP_VARIABLE}, or start `lgnet dev up`"
        )
    return servers
