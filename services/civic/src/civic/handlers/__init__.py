"""Use cases: HTTP commands and intake's events turned into civic's events."""
