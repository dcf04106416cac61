"""Housing's command handlers (HTTP) and reactions (intake's events)."""
