"""Global middleware: hand every listener the process's services (and who is who in Slack);
take each Events API delivery in once; give every request a request id for the logs.

Bolt runs these after its own checks: a request whose signature or timestamp is wrong has been
answered 401 before anything here runs, and so has touched nothing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import BoltResponse

from bot.logs import bound_request_id, current_request_id, new_request_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_bolt import App, BoltContext, BoltRequest

    from bot.services.container import Services
    from bot.services.deliveries import DeliveryService
    from handlers.people import SlackWorkspaceMembers

log = logging.getLogger(__name__)

RETRY_NUM_HEADER = "x-slack-retry-num"
RETRY_REASON_HEADER = "x-slack-retry-reason"
DUPLICATE = "duplicate_delivery"  # set in the context of a delivery that was not processed


def register(
    app: App,
    services: Services,
    members: SlackWorkspaceMembers,
    *,
    deliveries: DeliveryService | None = None,
) -> None:
    """`deliveries`, when given, makes every Events API delivery processed once, by event_id,
    across replicas: a retry or duplicate is acked 200 and goes no further."""

    def with_request_id(next: Callable[[], BoltResponse]) -> BoltResponse:
        # HTTP mode binds one per request before Bolt sees it; Socket Mode has none yet.
        if current_request_id() is not None:
            return next()
        with bound_request_id(new_request_id()):
            return next()

    def inject_services(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context["services"] = services
        context["members"] = members
        return next()

    app.use(with_request_id)
    if deliveries is not None:
        app.use(once_per_event(deliveries))
    app.use(inject_services)


def _header(request: BoltRequest, name: str) -> str | None:
    values = request.headers.get(name) or []
    return values[0] if values else None


def once_per_event(
    deliveries: DeliveryService,
) -> Callable[..., BoltResponse]:
    """Middleware: an Events API delivery whose event_id was taken in before (here or on another
    replica) is acked 200 and not processed again."""

    def skip_repeated_deliveries(
        body: dict[str, Any],
        request: BoltRequest,
        context: BoltContext,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse:
        event_id = body.get("event_id")
        if body.get("type") != "event_callback" or not isinstance(event_id, str) or not event_id:
            return next()
        team_id = body.get("team_id")
        try:
            first = deliveries.first_delivery(
                event_id, team_id if isinstance(team_id, str) else None
            )
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
