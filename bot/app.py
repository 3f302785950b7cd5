"""The composition root: settings in, a wired Bolt app (and what runs beside it) out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

import handlers
from bot.clock import Clock, SystemClock
from bot.domain.places import Gazetteer
from bot.services.bulk import BulkService
from bot.services.container import Services
from bot.services.directory import DirectoryService
from handlers import errors, middleware
from handlers.notifier import SlackNotifier
from storage.db import make_engine, make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Runtime:
    """Everything one process runs: the Bolt app and what the scheduler and CLI share."""

    app: App
    services: Services
    notifier: SlackNotifier
    client: WebClient
    engine: Engine


def make_client(settings: Settings) -> WebClient:
    """Every Web API call goes to SLACK_API_URL, retrying Slack's 429s, 5xx and broken links."""
    return WebClient(
        token=settings.secret("bot"),
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_services(
    settings: Settings, *, engine: Engine, clock: Clock, gazetteer: Gazetteer
) -> Services:
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
    directory = DirectoryService(
        uow_factory,
        gazetteer,
        clock,
        stale_after=timedelta(days=settings.profile_stale_days),
        nudge_grace=timedelta(days=settings.profile_nudge_grace_days),
    )
    return Services(directory=directory, bulk=BulkService(uow_factory, gazetteer, directory))


def build_runtime(
    settings: Settings,
    *,
    clock: Clock | None = None,
    engine: Engine | None = None,
    gazetteer: Gazetteer | None = None,
    raise_error_for_unhandled_request: bool = False,
) -> Runtime:
    engine = engine or make_engine(settings.database_url)
    gazetteer = gazetteer or Gazetteer.load()
    services = build_services(
        settings, engine=engine, clock=clock or SystemClock(), gazetteer=gazetteer
    )
    client = make_client(settings)
    app = App(
        client=client,
        signing_secret=settings.secret("signing") or None,
        name="whoswho-locally",
        raise_error_for_unhandled_request=raise_error_for_unhandled_request,
        # In Socket Mode there is no HTTP request to sign.
        request_verification_enabled=not settings.socket_mode,
    )
    middleware.register(app, services)
    handlers.register_listeners(app)
    errors.register(app)
    return Runtime(
        app=app,
        services=services,
        notifier=SlackNotifier(client, gazetteer),
        client=client,
        engine=engine,
    )


def create_app(
    settings: Settings, *, clock: Clock | None = None, engine: Engine | None = None
) -> App:
    return build_runtime(settings, clock=clock, engine=engine).app
