"""Intake's HTTP API (DESIGN 8)."""
