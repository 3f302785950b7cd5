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
        "errors.slack_busy": (
            "Slack is busy right now, so that didn't go through. Please try again in a moment."
        ),
        "errors.still_working": (
            "Still working on it: this is taking longer than usual. Keep this window open and "
            "it will show how it went."
        ),
        "errors.done_late": "All done. You can close this window.",
        "errors.form_late": (
            "Some of what you entered needs another look, and nothing was saved yet:"
        ),
        "errors.form_gone": (
            "Some of what you entered needs another look, and nothing was saved. Please open "
            "the form again and check:"
        ),
        "errors.field_problem": "*{field}*: {problem}",
        "buttons.cancel": "Cancel",
        "buttons.close": "Close",
        "buttons.previous": "Previous",
        "buttons.next": "Next",
        "paging.status": "Page {page} of {pages}",
    },
}
