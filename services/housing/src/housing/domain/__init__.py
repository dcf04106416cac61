"""Housing's pure domain: units, requests, placements and support measures (no I/O)."""
