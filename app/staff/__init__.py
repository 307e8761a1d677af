"""The staff console: log-in, conversation review, labels, exclusion, dashboard, export, purge."""
