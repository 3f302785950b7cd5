"""Modal submission listeners, one module per form."""
