"""Installing the app in many workspaces: where the OAuth flow is served, the scopes it asks
for, and the pages it shows (in words from the catalogue). Pure: Bolt's flow itself is at the
Slack edge (handlers.slack.oauth).

`GET /slack/install` shows a page with an *Add to Slack* button (and sets the state cookie);
Slack sends the person back to `GET /slack/oauth_redirect`, where the installation is saved
(tokens encrypted) and a page says what happened.
"""

from __future__ import annotations

import html

from bot.i18n import N_, t

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # an install must be finished within ten minutes of starting it
# The bot scopes the app asks for, as in manifest.yml (a test keeps the two the same).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "channels:join",
    "files:write",
    "users:read",
    "users:read.email",
    "im:write",
    "im:history",
    "mpim:write",
    "mpim:history",
    "channels:read",
    "groups:read",
    "users.profile:read",
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1d1c1d; }}
a.button {{ display: inline-block; padding: .6rem 1.2rem; border-radius: .3rem;
            background: #4a154b; color: #fff; text-decoration: none; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{body}</p>
{link}
</body>
</html>
"""


def page(title: str, body: str, link: tuple[str, str] | None = None) -> str:
    """A small HTML page; every piece of text is escaped."""
    anchor = ""
    if link is not None:
        href, label = link
        anchor = f'<p><a class="button" href="{html.escape(href)}">{html.escape(label)}</a></p>'
    return _PAGE.format(title=html.escape(title), body=html.escape(body), link=anchor)


# Slack's (and our own) reasons an install failed, each with words a person can act on
FAILURES = {
    "access_denied": N_("install.failed.access_denied"),
    "invalid_browser": N_("install.failed.invalid_browser"),
    "invalid_state": N_("install.failed.invalid_state"),
    "missing_code": N_("install.failed.missing_code"),
    "invalid_code": N_("install.failed.invalid_code"),
    "storage_error": N_("install.failed.storage_error"),
}


def failure_text(reason: str) -> str:
    key = FAILURES.get(reason)
    if key is not None:
        return t(key)
    return t("install.failed.other", reason=reason)
