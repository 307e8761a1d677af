"""FastAPI service: settings, orchestrator, routes, storage, CLI and web pages."""
