"""Block Kit builders shared by features."""
