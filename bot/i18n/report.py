"""Words of the impact report (`python -m bot report`). Keys with `.one` and `.many` are the
singular and plural of a count, chosen by `plural()`."""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "report.days.one": "1 day",
        "report.days.many": "{count} days",
    },
}
