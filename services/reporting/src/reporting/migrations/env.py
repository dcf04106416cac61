from lgnet_service.migrations import run_env
from reporting.schema import metadata

run_env(metadata)
