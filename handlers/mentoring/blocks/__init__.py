"""Mentoring's Block Kit builders (pure functions returning dicts)."""
