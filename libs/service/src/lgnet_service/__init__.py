"""LGNet."""
