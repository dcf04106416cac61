"""Read side: figures computed from the facts of the live generation, as of a moment."""
