"""Reporting's pure rules: which facts an event yields, KPIs, age bands, suppression."""
