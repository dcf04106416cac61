"""HTTP API of civic."""
