"""Menu tree content, its schema and navigation."""
