"""Use cases: primitives in, domain results out; each opens its own unit of work."""
