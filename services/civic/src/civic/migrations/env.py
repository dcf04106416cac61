from civic.projections import TABLES  # noqa: F401  (registers the read-model tables)
from civic.schema import metadata
from lgnet_service.migrations import run_env

run_env(metadata)
