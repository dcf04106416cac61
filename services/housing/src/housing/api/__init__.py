"""Housing's HTTP API."""
