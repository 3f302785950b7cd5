"""Events' Block Kit builders (pure functions returning dicts)."""
