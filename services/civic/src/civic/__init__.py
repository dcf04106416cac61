"""The civic service."""
