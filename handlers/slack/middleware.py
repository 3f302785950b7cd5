"""Global middleware: give every request a request id for the logs; answer Slack within its
3 seconds whatever the database or Slack is doing; take each Events API delivery in once; hand
every listener the process's services, who is who in Slack, and a Web API client that fails fast
under Slack's rate limits instead of sleeping; and run the rest of each request in the language
of the person who made it (handlers.slack.language).

Bolt runs these after its own checks: a request whose signature or timestamp is wrong has been
answered 401 before anything here runs, and so has touched nothing.

Answering in time: Bolt waits for a listener's `ack()` in the request's thread, and a listener
that never gets to it in time (a stalled database, a slow Slack, every listener thread busy)
makes Slack show the person an error. So each request's `ack` is a `DeadlineAck`: when the
listener has not answered by the deadline, it answers for it, as the listener would have
(an empty acknowledgement; no options for a menu; for a form, a window saying the work goes on
and will show how it went). The listener still runs to the end; what it answers late is not
lost: a form's window is updated with it (its answer, the form again with the listener's
errors beside what the person typed, or "all done"), and a command's words go to its
response_url.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk.errors import SlackApiError

from bot.i18n import t
from bot.logs import (
    ContextThreadPoolExecutor,
    bound_request_id,
    current_request_id,
    new_request_id,
)
from handlers.slack import language
from handlers.slack.calls import GatedWebClient, SlackCalls, deferrable
from handlers.slack.late_forms import notice, restored_form

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future

    from slack_bolt import App, BoltContext

    from bot.services.container import Services
    from bot.services.deliveries import DeliveryService
    from handlers.slack.people import SlackWorkspaceMembers


log = logging.getLogger(__name__)

RETRY_NUM_HEADER = "x-slack-retry-num"
RETRY_REASON_HEADER = "x-slack-retry-reason"
DUPLICATE = "duplicate_delivery"  # set in the context of a delivery that was not processed
CHECKED = "delivery_checked"  # set in the context of a delivery re-dispatched after its check

# Seconds from the app's first look at a request to the answer it gives for a listener that has
# not answered yet. Slack allows 3 s from sending; these leave room for the network. Commands,
# clicks and events are answered with an empty acknowledgement whoever sends it, so theirs is
# short; forms and menus wait longer for the listener's own answer (errors, the next view,
# the options).
ACK_DEADLINE = 1.0
ANSWER_DEADLINE = 2.4
ANSWERING = frozenset({"view_submission", "block_suggestion", "dialog_suggestion"})
EVENT_CHECK_WAIT = 1.5  # seconds an Events API delivery waits for its repeat check


def register(
    app: App,
    services: Services,
    members: SlackWorkspaceMembers,
    *,
    deliveries: DeliveryService | None = None,
) -> None:
    """`deliveries`, when given, makes every Events API delivery processed once, by event_id,
    across replicas: a retry or duplicate is acked 200 and goes no further."""
    # The app's own client shares its gate and sender with every request's client, when it is
    # a gated one; otherwise the requests' clients share their own.
    own = app.client
    calls = own.calls if isinstance(own, GatedWebClient) else SlackCalls()

    def with_request_id(next: Callable[[], BoltResponse]) -> BoltResponse:
        # HTTP mode binds one per request before Bolt sees it; Socket Mode has none yet.
        if current_request_id() is not None:
            return next()
        with bound_request_id(new_request_id()):
            return next()

    def inject_services(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context["services"] = services
        context["members"] = members
        # Bolt's client for this request, with the workspace's token it has authorized, as
        # one that fails fast (or sends later) under Slack's rate limits instead of sleeping.
        context["client"] = calls.client_like(context.client)
        return next()

    app.use(with_request_id)
    app.use(answer_in_time)
    if deliveries is not None:
        app.use(once_per_event(deliveries, app=app))
    app.use(inject_services)
    # Last: the rest of the request (the listener, a stand-in answer) in the person's language.
    language.register(app, services.languages)


# Answering in time ----------------------------------------------------------------------------


def answer_for_listener(body: dict[str, Any]) -> BoltResponse:
    """What Slack is answered for a listener that has not answered in time."""
    kind = body.get("type")
    if kind == "view_submission":
        still = {"response_action": "update", "view": notice(t("errors.still_working"))}
        return BoltResponse(status=200, body=still)
    if kind in ("block_suggestion", "dialog_suggestion"):
        return BoltResponse(status=200, body={"options": []})
    return BoltResponse(status=200, body="")


def answer_in_time(
    body: dict[str, Any], context: BoltContext, next: Callable[[], BoltResponse]
) -> BoltResponse:
    """Middleware: the request's `ack` answers for its listener at the deadline."""
    earlier = context.get("ack")
    if isinstance(earlier, Ack) and earlier.response is not None:
        return next()  # Bolt's own middleware has answered already
    kind = body.get("type")
    seconds = ANSWER_DEADLINE if kind in ANSWERING else ACK_DEADLINE
    context["ack"] = DeadlineAck(context, body, deadline=time.monotonic() + seconds)
    return next()


class DeadlineAck(Ack):
    """Bolt's `ack()`, which gives Slack a stand-in answer (`answer_for_listener`) when it is
    asked for its answer after the deadline and the listener has given none. Bolt asks in the
    request's thread, every few milliseconds, until there is one. An answer the listener gives
    after that is carried to the person another way (`answered_late`)."""

    def __init__(self, context: BoltContext, body: dict[str, Any], *, deadline: float) -> None:
        self._lock = threading.Lock()
        self._answer: BoltResponse | None = None
        self._context = context
        self._body = body
        self._deadline = deadline
        self.late = False  # answered for the listener: what it answers now comes too late
        super().__init__()  # type: ignore[no-untyped-call]

    @property
    def response(self) -> BoltResponse | None:
        with self._lock:
            if self._answer is None and time.monotonic() >= self._deadline:
                self._answer = answer_for_listener(self._body)
                self.late = True
                log.warning(
                    "listener did not answer in time: answered for it request_type=%s",
                    self._body.get("type") or ("command" if "command" in self._body else "-"),
                )
            return self._answer

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        with self._lock:
            if not self.late:
                self._answer = value
                return
        if value is not None:
            answered_late(self._context, self._body, value)


def answered_for_listener(ack: object) -> bool:
    """Whether Slack was already answered for the listener that owns `ack`."""
    return isinstance(ack, DeadlineAck) and ack.late


def _answer_body(answer: BoltResponse) -> dict[str, Any]:
    body = answer.body.strip()
    if body.startswith("{"):
        try:
            parsed = json.loads(body)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {"text": body} if body else {}


def answered_late(context: BoltContext, body: dict[str, Any], answer: BoltResponse) -> None:
    """A listener's answer that came after Slack was answered for it, to the person: in the
    form's window (which says it is still working), or at the command's response_url."""
    said = _answer_body(answer)
    try:
        if body.get("type") == "view_submission":
            _update_form(context, body, said)
        elif said.get("text") or said.get("blocks"):
            respond = context.respond
            if respond is not None and respond.response_url:
                words = {key: said[key] for key in ("text", "blocks") if key in said}
                kind = said.get("response_type") or "ephemeral"
                respond(response_type=str(kind), replace_original=False, **words)
    except SlackApiError as error:
        log.warning("late answer not shown error=%s", error.response.get("error"))
    except Exception:  # the listener's own work goes on whatever happens here
        log.warning("late answer not shown", exc_info=True)


def _update_form(context: BoltContext, body: dict[str, Any], said: dict[str, Any]) -> None:
    view = body.get("view") or {}
    view_id = view.get("id")
    if not isinstance(view_id, str) or not view_id:
        return
    action = said.get("response_action")
    shown = said.get("view")
    if action in ("update", "push") and isinstance(shown, dict):
        new_view = shown
    elif action == "errors" and isinstance(said.get("errors"), dict):
        new_view = restored_form(view, said["errors"])
    else:
        new_view = notice(t("errors.done_late"))
    deferrable(context.client).views_update(view_id=view_id, view=new_view)


# Events API deliveries, once ------------------------------------------------------------------


def _header(request: BoltRequest, name: str) -> str | None:
    values = request.headers.get(name) or []
    return values[0] if values else None


def once_per_event(
    deliveries: DeliveryService,
    *,
    app: App | None = None,
    wait: float = EVENT_CHECK_WAIT,
) -> Callable[..., BoltResponse]:
    """Middleware: an Events API delivery whose event_id was taken in before (here or on another
    replica) is acked 200 and not processed again.

    The check asks the database. When it has not answered within `wait` seconds (the database
    is stalled), the delivery is acked 200 at once, and once the check answers that it is new,
    it is dispatched again, in the background, to be processed then (with `app`)."""
    checks = ContextThreadPoolExecutor(max_workers=4, thread_name_prefix="whoswho-delivery")

    def skip_repeated_deliveries(
        body: dict[str, Any],
        request: BoltRequest,
        context: BoltContext,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse:
        event_id = body.get("event_id")
        if body.get("type") != "event_callback" or not isinstance(event_id, str) or not event_id:
            return next()
        if context.get(CHECKED):  # dispatched again once its check said it is new
            return next()
        team_id = body.get("team_id")
        future = checks.submit(
            deliveries.first_delivery, event_id, team_id if isinstance(team_id, str) else None
        )
        try:
            first = future.result(timeout=wait)
        except FutureTimeout:
            return _when_checked(future, app, request, event_id, next)
        except Exception:
            # The database did not answer: process the delivery rather than drop it (it will
            # fail on its own if the database is really gone).
            log.warning("delivery not checked for repeats event_id=%s", event_id, exc_info=True)
            return next()
        retry = _header(request, RETRY_NUM_HEADER)
        if first:
            if retry is not None:
                log.info(
                    "Slack retried a delivery not seen before event_id=%s retry=%s reason=%s",
                    event_id,
                    retry,
                    _header(request, RETRY_REASON_HEADER),
                )
            return next()
        context[DUPLICATE] = True
        log.info(
            "repeated delivery acked, not processed again event_id=%s retry=%s reason=%s",
            event_id,
            retry,
            _header(request, RETRY_REASON_HEADER),
        )
        return BoltResponse(status=200, body="")

    return skip_repeated_deliveries


def _when_checked(
    future: Future[bool],
    app: App | None,
    request: BoltRequest,
    event_id: str,
    next: Callable[[], BoltResponse],
) -> BoltResponse:
    """The repeat check is slow: ack now, and process the delivery once it says it is new."""
    if app is None:
        log.warning("delivery not checked for repeats in time event_id=%s", event_id)
        return next()
    log.warning("database slow: delivery acked now, processed once checked event_id=%s", event_id)
    future.add_done_callback(_process_when_checked(app, request, event_id))
    return BoltResponse(status=200, body="")


def _process_when_checked(
    app: App, request: BoltRequest, event_id: str
) -> Callable[[Future[bool]], None]:
    """When a slow repeat check answers: dispatch the delivery again if it was new."""
    request_id = current_request_id() or new_request_id()
    body: str | dict[str, Any] = request.raw_body or request.body

    def process(future: Future[bool]) -> None:
        with bound_request_id(request_id):
            try:
                first = future.result()
            except Exception:
                log.warning("delivery checked late failed event_id=%s", event_id, exc_info=True)
                first = True  # as when the check fails in time: process rather than drop
            if not first:
                log.info("repeated delivery, checked late, not processed event_id=%s", event_id)
                return
            try:
                app.dispatch(
                    BoltRequest(
                        body=body,
                        query=request.query,
                        headers=request.headers,
                        context={CHECKED: True},
                        mode=request.mode,
                    )
                )
            except Exception:
                log.exception("delivery checked late not processed event_id=%s", event_id)

    return process
