"""Use cases: HTTP commands and events of other services turned into intake's events."""
