from housing.projections import TABLES  # noqa: F401  (registers the read-model tables)
from housing.schema import metadata
from lgnet_service.migrations import run_env

run_env(metadata)
