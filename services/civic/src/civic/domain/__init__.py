"""Civic's rules, pure: no FastAPI, SQLAlchemy or Kafka here."""
