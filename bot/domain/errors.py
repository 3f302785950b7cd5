"""Errors the domain raises. Each carries a catalogue key, never English text."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Something a person asked for cannot be done; the message key says why, politely."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFoundError(DomainError):
    pass


class NotAllowedError(DomainError):
    pass


class InvalidInputError(DomainError):
    """Input failed validation: `fields` maps a field name to a catalogue key."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("errors.invalid_input")
        self.fields = fields
