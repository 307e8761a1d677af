"""`python -m app` runs the command-line interface (same as `hwis-concierge`)."""

from app.tools.cli import main

main()
