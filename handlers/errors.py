"""One place where errors become polite words: never a stack trace, never silence.

Every listener is registered through `guarded`, which turns a `DomainError` into the catalogue's
words and anything unexpected into an apology with a reference for the log. The guard is needed
beyond Bolt's `@app.error` handler: when a listener that has already acked raises quickly, Bolt
resets the ack it recorded and answers Slack 404 "unhandled request" (a race in its thread
runner), so errors must never leave a listener. `@app.error` still catches what happens outside
listeners (middleware, requests nothing listens for).

Slack saying "too many calls, wait" (a 429, or a call not made because Slack already said so) is
not our fault and not a stack trace: the person is asked to try again in a moment. A form whose
listener is answered late (see `handlers.slack.middleware`) is told in its window, which says it is
still working.
"""

from __future__ import annotations

import functools
import inspect
import logging
import uuid
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError
from bot.i18n import t
from handlers.ids import CallbackId
from handlers.slack.answers import is_busy
from handlers.slack.calls import deferrable
from handlers.slack.middleware import answered_for_listener
from handlers.ui.common import escape, modal, section, text_message

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_bolt import Ack, App, BoltResponse, Respond
    from slack_sdk import WebClient

log = logging.getLogger(__name__)

# What the guard asks Bolt for, beyond what the listener itself takes.
_GUARD_PARAMS = ("ack", "body", "respond", "client")


def _request_kind(body: dict[str, Any]) -> str:
    kind = body.get("type") or ("slash_command" if "command" in body else "unknown")
    return str(kind)


def _person(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    if user is None:
        user = body.get("user_id")
    return user if isinstance(user, str) else None


def _tell(
    text: str,
    *,
    ack: Ack | None,
    body: dict[str, Any],
    respond: Respond | None,
    client: WebClient | None,
) -> None:
    """Say `text` to the person wherever they are: the form, the message, or a DM."""
    if ack is not None and (ack.response is None or answered_for_listener(ack)):
        if body.get("type") == "view_submission":
            notice = modal(CallbackId.NOTICE, t("app.name"), [section(text)])
            ack(response_action="update", view=notice)
            return
        ack()
    try:
        if respond is not None and respond.response_url:
            respond(response_type="ephemeral", replace_original=False, **text_message(text))
            return
        user = _person(body)
        if client is not None and user is not None and body.get("type") != "event_callback":
            deferrable(client).chat_postMessage(channel=user, **text_message(text))
    except Exception:
        log.warning("could not tell the person about an error", exc_info=True)


def _words(error: DomainError) -> str:
    """The catalogue's words for a domain error; typed text in its params made inert."""
    params = {k: escape(v) if isinstance(v, str) else v for k, v in error.params.items()}
    return t(error.key, **params)


def _apology(error: Exception, body: dict[str, Any]) -> str:
    """What to say about an unexpected error: Slack's "wait", or sorry with a reference."""
    if is_busy(error):
        log.info(
            "Slack is rate-limiting a call the person waited for request_type=%s",
            _request_kind(body),
        )
        return t("errors.slack_busy")
    ref = uuid.uuid4().hex[:8]
    log.error("unhandled error ref=%s request_type=%s", ref, _request_kind(body), exc_info=error)
    return t("errors.generic", ref=ref)


def guarded(listener: Callable[..., Any]) -> Callable[..., Any]:
    """The listener, with every error it raises answered politely instead of escaping."""
    own = inspect.signature(listener)
    params = list(own.parameters.values())
    params += [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)
        for name in _GUARD_PARAMS
        if name not in own.parameters
    ]

    @functools.wraps(listener)
    def guard(**kwargs: Any) -> Any:
        mine = {name: value for name, value in kwargs.items() if name in own.parameters}
        body: dict[str, Any] = kwargs.get("body") or {}
        try:
            return listener(**mine)
        except DomainError as error:
            text = _words(error)
        except Exception as error:  # noqa: BLE001 - answered politely, logged in _apology
            text = _apology(error, body)
        _tell(
            text,
            ack=kwargs.get("ack"),
            body=body,
            respond=kwargs.get("respond"),
            client=kwargs.get("client"),
        )
        return None

    # Bolt passes arguments by the names it reads from the signature, after unwrapping: the
    # guard shows its own (the listener's and what it needs to answer) and hides the wrapped.
    guard.__signature__ = own.replace(parameters=params)  # type: ignore[attr-defined]
    del guard.__wrapped__
    return guard


def handle_errors(
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    response: BoltResponse | None,
) -> None:
    """Errors outside any listener (middleware, or a request nothing listens for)."""
    text = _words(error) if isinstance(error, DomainError) else _apology(error, body)
    _tell(text, ack=None, body=body, respond=respond, client=None)
    if response is not None and response.status >= 500:
        # Slack shows its own failure notice for a 5xx; the person already has ours.
        response.status = 200
        response.body = ""


def register(app: App) -> None:
    app.error(handle_errors)
