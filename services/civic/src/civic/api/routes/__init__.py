"""Routes of civic, one module per resource."""
