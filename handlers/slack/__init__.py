"""Plumbing no feature owns: middleware, the deadline ack, rate limits, clients, people
look-ups, outbox dispatch, installation events."""
