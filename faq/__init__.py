"""Vetted FAQ content: schema, loader, validator and versions."""
