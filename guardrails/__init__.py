"""Guardrails for Japanese input: normalise, mask personal data, filter injection and abuse, pick keywords."""
