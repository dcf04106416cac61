"""Test support: the infrastructure fixtures (a pytest plugin) and in-memory fakes."""
