"""Words shared by every feature."""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "app.name": "Who's Who Locally",
        "errors.generic": (
            "Sorry, something went wrong on our side and nothing was changed. Please try again "
            "in a minute. If it keeps happening, tell your workspace admins and quote "
            "reference `{ref}`."
        ),
        "errors.invalid_input": "Some of what you entered needs another look.",
        "errors.expired": ("That button has expired. Run the command again to get a fresh one."),
        "buttons.cancel": "Cancel",
        "buttons.close": "Close",
        "buttons.previous": "Previous",
        "buttons.next": "Next",
        "paging.status": "Page {page} of {pages}",
    },
}
