"""One place where errors become polite words: never a stack trace, never silence."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError
from bot.i18n import t
from handlers.blocks.directory import text_message

if TYPE_CHECKING:
    from slack_bolt import App, BoltResponse, Respond

log = logging.getLogger(__name__)


def _say(respond: Respond | None, text: str) -> None:
    if respond is None:
        return
    try:
        respond(response_type="ephemeral", replace_original=False, **text_message(text))
    except Exception:  # telling the person failed too; the log has the cause
        log.warning("could not tell the person about an error", exc_info=True)


def handle_errors(
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    response: BoltResponse | None,
) -> None:
    if isinstance(error, DomainError):
        _say(respond, t(error.key, **error.params))
        return
    ref = uuid.uuid4().hex[:8]
    kind = body.get("type") or ("slash_command" if "command" in body else "unknown")
    log.exception("unhandled error ref=%s request_type=%s", ref, kind)
    _say(respond, t("errors.generic", ref=ref))
    if response is not None and response.status >= 500:
        # Slack shows its own failure notice for a 5xx; the person already has ours.
        response.status = 200
        response.body = ""


def register(app: App) -> None:
    app.error(handle_errors)
