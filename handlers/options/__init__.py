"""Options listeners for external select menus."""
