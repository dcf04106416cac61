"""Housing's routes: units, requests, placements, support measures."""
