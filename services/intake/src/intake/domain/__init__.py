"""Intake's domain: aggregates, commands and rules. Pure: no I/O, no frameworks."""
