"""Alembic migrations of the concierge's tables (run with `hwis-concierge db upgrade`)."""
