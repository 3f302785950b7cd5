"""Every request in the language of the person who made it.

The global middleware `in_their_language` finds the acting person (a command's user_id, an
interaction's user.id, an event's user: Bolt's `context.user_id`) and sets their language for
the rest of the request, read when the first word is looked up (one primary-key read; English
when they chose none, when nobody acts, or when the read does not answer within `READ_WAIT`).
A listener that acknowledges before it says anything (a command, a click) answers Slack without
waiting for the read.

Bolt runs its global middleware one after another and only then the listener: a middleware's
`next()` marks the chain as going on, it does not run the rest. So the language cannot be set
around `next()`; it is set in the request's thread for the length of Bolt's `dispatch`
(`scoped_dispatch` opens that scope and closes it when Bolt has answered). What runs in the
request's thread after the middleware sees it (the stand-in answer given for a listener that is
late, handlers.slack.middleware), and so does the listener: Bolt's listener pool
(bot.logs.ContextThreadPoolExecutor) runs each listener in a copy of the request thread's
context, as it carries the request id. A late answer the listener gives goes out from the
listener's thread, in the same language.
"""

from __future__ import annotations

import logging
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import ExitStack
from contextvars import ContextVar
from functools import wraps
from typing import TYPE_CHECKING, Any

from bot.i18n import ENGLISH, LanguageLater, use_language
from bot.logs import ContextThreadPoolExecutor
from handlers.ids import is_user_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_bolt import App, BoltContext, BoltResponse
    from slack_bolt.request import BoltRequest

    from bot.services.languages import LanguageService

log = logging.getLogger(__name__)

LANGUAGE = "language"  # the context key of the language the request runs in
_SCOPE = "language_scope"  # the context key of the request's scope (an ExitStack)
# Seconds the read of a person's language may take before the request goes on in English: it
# happens before the listener can acknowledge, inside Slack's 3 seconds.
READ_WAIT = 0.5

# Who made the request in progress (workspace, person): whose language is in force.
_actor: ContextVar[tuple[str, str] | None] = ContextVar("language_actor", default=None)


def in_force_for(team_id: str, user_id: str) -> bool:
    """Whether the language in force is this person's: the request in progress is theirs (what
    is in force may be what they have just chosen, set by the listener that stored it)."""
    return _actor.get() == (team_id, user_id)


def acting_user(body: dict[str, Any], context: BoltContext) -> str | None:
    """Who made the request: Bolt's reading of it, else the payload's own fields."""
    found: object = context.user_id
    if not found:
        user = body.get("user")
        event = body.get("event")
        found = (
            body.get("user_id")
            or (user.get("id") if isinstance(user, dict) else user)
            or (event.get("user") if isinstance(event, dict) else None)
        )
    return found if is_user_id(found) else None


def scoped_dispatch(app: App) -> None:
    """Bolt's `dispatch` of `app`, with a scope for the request's language that closes when Bolt
    has answered (so no language outlives its request in a reused thread)."""
    dispatch = app.dispatch

    @wraps(dispatch)
    def dispatch_in_scope(req: BoltRequest) -> BoltResponse:
        with ExitStack() as scope:
            req.context[_SCOPE] = scope
            try:
                return dispatch(req)
            finally:
                req.context.pop(_SCOPE, None)

    app.dispatch = dispatch_in_scope  # type: ignore[method-assign]


def language_middleware(
    languages: LanguageService, *, wait: float = READ_WAIT
) -> Callable[..., BoltResponse]:
    """The global middleware that sets the acting person's language for the request."""
    reads = ContextThreadPoolExecutor(max_workers=4, thread_name_prefix="whoswho-language")

    def read(team_id: str | None, user_id: str | None) -> str:
        if not team_id or user_id is None:
            return ENGLISH
        future = reads.submit(languages.person, team_id, user_id)
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            log.warning("language not read in time: this request is in English")
        except Exception:
            log.warning("language not read: this request is in English", exc_info=True)
        return ENGLISH

    def in_their_language(
        body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        team = context.team_id or context.enterprise_id
        user = acting_user(body, context)
        # read when the first word is looked up, not before: an empty acknowledgement needs none
        language = LanguageLater(lambda: read(team, user))
        context[LANGUAGE] = language
        scope = context.get(_SCOPE)
        if isinstance(scope, ExitStack):
            scope.enter_context(use_language(language))
            if team and user is not None:
                scope.callback(_actor.reset, _actor.set((team, user)))
        return next()

    return in_their_language


def register(app: App, languages: LanguageService) -> None:
    scoped_dispatch(app)
    app.use(language_middleware(languages))
