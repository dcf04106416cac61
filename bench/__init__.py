"""LGNet benchmarks: the event store and outbox relay beside the raw PostgreSQL and broker rates.

Run with ``python -m bench`` (or ``make bench``); ``docs/performance.md`` explains the figures.
"""
