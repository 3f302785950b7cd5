"""Each Web API call counted in the metrics (bot.metrics), by a retry handler that only
watches: `whoswho_slack_api_calls_total{method}` and `whoswho_slack_api_errors_total{method,error}`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from slack_sdk.http_retry.handler import RetryHandler

from bot.metrics import SLACK_API_CALLS, SLACK_API_ERRORS

if TYPE_CHECKING:
    from slack_sdk.http_retry.request import HttpRequest
    from slack_sdk.http_retry.response import HttpResponse
    from slack_sdk.http_retry.state import RetryState

log = logging.getLogger(__name__)


def _method_of(url: str) -> str:
    """The Web API method a request went to: the last segment of its URL's path."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "unknown"


class SlackApiObserver(RetryHandler):
    """Counts every Web API attempt and its failure, and never retries: put it first in a
    client's retry handlers (slack_sdk asks each handler in turn, so the ones after it decide
    as before). A client with no other handler behaves exactly as with none."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=0)

    def can_retry(
        self,
        *,
        state: RetryState,  # noqa: ARG002 - slack_sdk's signature
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,  # noqa: ARG002
    ) -> bool:
        try:
            self._observe(request, response)
        except Exception:  # counting must never change what a call does
            log.debug("could not count a Slack API call", exc_info=True)
        return False

    @staticmethod
    def _observe(request: HttpRequest, response: HttpResponse | None) -> None:
        method = _method_of(request.url)
        SLACK_API_CALLS.labels(method).inc()
        if response is None:
            SLACK_API_ERRORS.labels(method, "connection").inc()
            return
        status = response.status_code
        if status == 429:
            SLACK_API_ERRORS.labels(method, "ratelimited").inc()
        elif status >= 500:
            SLACK_API_ERRORS.labels(method, "server_error").inc()
        elif status >= 400:
            SLACK_API_ERRORS.labels(method, "http_error").inc()
        elif isinstance(response.body, dict) and response.body.get("ok") is False:
            SLACK_API_ERRORS.labels(method, "api_error").inc()
