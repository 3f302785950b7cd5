"""The directory's Block Kit builders (pure functions returning dicts)."""
