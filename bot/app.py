"""The composition root: settings in, a wired Bolt app (and what runs beside it) out."""

from __future__ import annotations

import logging
import os
import socket
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
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy.exc import SQLAlchemyError

import handlers
from bot.clock import Clock, SystemClock
from bot.domain.feedback import Timing
from bot.domain.places import Gazetteer
from bot.i18n import t
from bot.logs import ContextThreadPoolExecutor
from bot.metrics import ObservedDispatcher
from bot.oauth import STATE_SECONDS
from bot.scheduler import next_run
from bot.secrets import TokenCipher
from bot.services.attendees import AttendeeService
from bot.services.bulk import BulkService
from bot.services.container import Services
from bot.services.deliveries import DeliveryService
from bot.services.digest import DigestService
from bot.services.directory import DirectoryService
from bot.services.events import EventService
from bot.services.feedback import FeedbackService
from bot.services.languages import LanguageService
from bot.services.mentoring import MentoringService
from bot.services.outbox_sender import OutboxService
from bot.services.profile_prefill import ProfilePrefill
from bot.services.speed_connect import SpeedConnectService
from bot.services.welcomes import WelcomeService
from bot.workspaces import Installations
from handlers import errors
from handlers.directory.outbox import register_directory_renderers, register_welcome_renderers
from handlers.events.outbox import register_digest_renderer, register_event_renderers
from handlers.events.speed_connect import register_speed_connect_renderers
from handlers.feedback.outbox import register_feedback_renderers
from handlers.feedback.summary_outbox import register_feedback_summary_renderers
from handlers.mentoring.outbox import register_mentoring_renderers
from handlers.slack import installation as installation_events
from handlers.slack import middleware
from handlers.slack.api_observer import SlackApiObserver
from handlers.slack.authorize import WorkspaceAuthorize, WorkspaceBots
from handlers.slack.calls import GatedWebClient, listener_client
from handlers.slack.clients import WorkspaceClients
from handlers.slack.installations import EncryptedInstallationStore, InstallStateStore
from handlers.slack.oauth import build_oauth_flow
from handlers.slack.outbox import SlackDispatcher
from handlers.slack.outbox_kinds import build_renderers, held_call_poster, in_doubt_poster
from handlers.slack.people import SlackWorkspaceMembers
from handlers.slack.profile_facts import SlackProfileReader
from storage.db import make_engine, make_session_factory
from storage.installations import SqlAlchemyInstallationRecords
from storage.uow import SqlAlchemyUnitOfWorkFactory

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.config import Settings
    from bot.domain.ports import AdminDirectory, Dispatcher

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Runtime:
    """Everything one process runs: the Bolt app and what the scheduler and CLI share."""

    app: App
    services: Services
    client: WebClient
    engine: Engine
    clock: Clock
    deliveries: DeliveryService  # Events API deliveries taken in once (see middleware)
    signing_secret: str = ""  # to tell a forged unreadable request from Slack's (HTTP mode)
    installations: Installations | None = None  # installed through OAuth in many workspaces
    listener_threads: int = 8  # Bolt's pool for listeners in this process


def make_client(settings: Settings) -> WebClient:
    """Every Web API call goes to SLACK_API_URL, retrying Slack's 429s, 5xx and broken links
    (each attempt counted in the metrics by the observer, which never retries)."""
    return WebClient(
        token=settings.secret("bot") or None,  # none when installed in many workspaces
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            SlackApiObserver(),
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def make_outbox_client(settings: Settings) -> WebClient:
    """The outbox's own client, with no retry handlers: a 429 or an error comes straight back
    to the outbox, which defers that method's messages for Retry-After and retries errors
    with backoff, instead of sleeping in a scheduler thread. Each call's timeout is a sixth of
    the lease, so that one delivery (at most five calls) ends before its claim lapses."""
    return WebClient(
        token=settings.secret("bot") or None,
        base_url=settings.slack_api_url,
        timeout=max(1, min(10, settings.outbox_lease_seconds // 6)),
        retry_handlers=[],
    )


@dataclass(frozen=True, slots=True)
class WorkspaceAccess:
    """How this process speaks for each workspace: one bot token for all, or each
    workspace's installation (then `installations` is set)."""

    clients: WorkspaceClients  # the listeners' kind of client (retries), by team_id
    outbox_clients: WorkspaceClients  # the outbox's kind (no retries, no sleeping), by team_id
    installations: Installations | None = None
    store: EncryptedInstallationStore | None = None
    bots: WorkspaceBots | None = None
    states: InstallStateStore | None = None


def installation_store(
    client_id: str, engine: Engine, cipher: TokenCipher
) -> EncryptedInstallationStore:
    """Slack's installation store over the installations kept in the database (tokens
    encrypted with `cipher`)."""
    return EncryptedInstallationStore(SqlAlchemyInstallationRecords(client_id, engine, cipher))


def workspace_access(
    settings: Settings, engine: Engine, *, listeners: bool = False
) -> WorkspaceAccess:
    """With `listeners` (the app's own clients, not the command line's), a 429 never sleeps in
    a listener's thread: that method fails fast, or its call is sent later
    (handlers.slack.calls). The command line's client waits rate limits out."""
    client: WebClient = make_client(settings)
    if listeners:
        client = listener_client(client)
    if not settings.multi_workspace:
        return WorkspaceAccess(
            WorkspaceClients(client), WorkspaceClients(make_outbox_client(settings))
        )
    records = SqlAlchemyInstallationRecords(
        client_id=settings.slack_client_id or "",
        engine=engine,
        cipher=TokenCipher.from_setting(settings.secret("encryption_keys")),
    )
    store = EncryptedInstallationStore(records)
    bots = WorkspaceBots(
        store,
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
        TokenRotator(
            client_id=settings.slack_client_id or "",
            client_secret=settings.secret("client"),
            client=WebClient(base_url=settings.slack_api_url, timeout=10),
        ),
        worker=worker_id(),
    )
    installations = Installations(
        records, bots, SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
    )
    return WorkspaceAccess(
        WorkspaceClients(client, bots),
        WorkspaceClients(make_outbox_client(settings), bots),
        installations,
        store,
        bots,
        InstallStateStore(records, expiration_seconds=STATE_SECONDS),
    )


def worker_id() -> str:
    """Names this process in outbox claims (diagnostics: which replica holds a row)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def build_services(
    settings: Settings,
    *,
    engine: Engine,
    clock: Clock,
    gazetteer: Gazetteer,
    dispatcher: Dispatcher | None = None,
    members: AdminDirectory | None = None,
    access: WorkspaceAccess | None = None,
) -> Services:
    """The services one process shares. `dispatcher` sends scheduled messages; by default
    Slack's Web API through the outbox's own client and every feature's renderers."""
    uow_factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
    access = access or workspace_access(settings, engine)
    members = members or SlackWorkspaceMembers(access.clients)
    events = EventService(
        uow_factory,
        gazetteer,
        clock,
        members,
        organisers=settings.organisers,
        reminders=[timedelta(hours=hours) for hours in settings.event_reminder_hours],
        # The DM of who else went follows the feedback question (sent this long after the end).
        after_event=timedelta(minutes=settings.feedback_delay_minutes),
    )
    attendees = AttendeeService(uow_factory, gazetteer)
    directory = DirectoryService(
        uow_factory,
        gazetteer,
        clock,
        stale_after=timedelta(days=settings.profile_stale_days),
        nudge_grace=timedelta(days=settings.profile_nudge_grace_days),
        events=events,  # erasure cancels and promotes as the events feature does
    )
    feedback = FeedbackService(
        uow_factory,
        clock,
        members,
        organisers=settings.organisers,
        timing=Timing(
            delay=timedelta(minutes=settings.feedback_delay_minutes),
            window=timedelta(days=settings.feedback_window_days),
            reminder_after=timedelta(days=settings.feedback_reminder_days),  # 0: none
            follow_up_after=timedelta(weeks=settings.feedback_follow_up_weeks),  # 0: none
            comment_retention=timedelta(days=settings.feedback_comment_retention_days),
        ),
    )
    mentoring = MentoringService(
        uow_factory,
        gazetteer,
        clock,
        members,
        organisers=settings.organisers,
        cycle_length=timedelta(days=settings.mentoring_cycle_days),
        checkin_every=timedelta(days=settings.mentoring_checkin_days),
        worker_id=worker_id(),
        feedback=feedback,
    )
    welcomes = WelcomeService(uow_factory, clock, directory, events)
    digest = DigestService(
        uow_factory,
        gazetteer,
        clock,
        events,
        next_match=next_run(settings.mentoring_match_schedule),
    )
    speed_connect = SpeedConnectService(uow_factory, clock)
    languages = LanguageService(uow_factory, clock)
    renderers = build_renderers()
    register_directory_renderers(renderers, directory)
    register_welcome_renderers(renderers, welcomes)
    register_event_renderers(renderers, events, attendees)
    register_mentoring_renderers(renderers, mentoring)
    register_digest_renderer(renderers, digest)
    register_feedback_renderers(renderers, feedback)
    register_feedback_summary_renderers(renderers, feedback)
    register_speed_connect_renderers(renderers, speed_connect)
    outbox = OutboxService(
        uow_factory,
        clock,
        # Its Slack errors are counted from what each delivery came to (the metrics).
        dispatcher
        or ObservedDispatcher(
            SlackDispatcher(access.outbox_clients, renderers, clock=clock, languages=languages)
        ),
        worker_id=worker_id(),
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        batch=settings.outbox_batch,
        max_attempts=settings.outbox_max_attempts,
    )
    return Services(
        directory=directory,
        bulk=BulkService(uow_factory, gazetteer, directory),
        outbox=outbox,
        events=events,
        mentoring=mentoring,
        feedback=feedback,
        attendees=attendees,
        digest=digest,
        welcomes=welcomes,
        speed_connect=speed_connect,
        languages=languages,
        prefill=ProfilePrefill(
            SlackProfileReader(access.clients), gazetteer, settings.slack_profile_fields
        ),
    )


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
    clock = clock or SystemClock()
    access = workspace_access(settings, engine, listeners=True)
    client = access.clients.template
    members = SlackWorkspaceMembers(access.clients)
    services = build_services(
        settings,
        engine=engine,
        clock=clock,
        gazetteer=gazetteer,
        members=members,
        access=access,
    )
    if isinstance(client, GatedWebClient):
        # A listener's post whose fate is unknown (a 5xx) goes to the outbox, checked and
        # sent once, instead of being resent at once or lost.
        client.calls.in_doubt = in_doubt_poster(services.outbox, clock)
        # A call nobody waits for that Slack holds back (429) goes to the outbox, due when
        # Slack's wait is over, so a process that stops before then loses nothing.
        client.calls.hold = held_call_poster(services.outbox, clock)
    deliveries = DeliveryService(SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)), clock)
    installations = access.installations
    oauth: dict[str, object] = {}
    if (
        installations is not None
        and access.store is not None
        and access.bots is not None
        and access.states is not None
    ):
        installations.on_forget(members.forget_workspace)
        oauth = {
            "authorize": WorkspaceAuthorize(access.bots, store_errors=(SQLAlchemyError,)),
            "oauth_flow": build_oauth_flow(
                settings,
                client=client,
                store=access.store,
                state_store=access.states,
                bots=access.bots,
            ),
            "installation_store": access.store,
            "user_facing_authorize_error_message": t("install.missing"),
        }
    app = App(
        client=client,
        signing_secret=settings.secret("signing") or None,
        name="whoswho-locally",
        raise_error_for_unhandled_request=raise_error_for_unhandled_request,
        # In Socket Mode there is no HTTP request to sign.
        request_verification_enabled=not settings.socket_mode,
        # Bolt's own pool size; each listener runs in its request's context (its request id).
        # A listener stalled on a slow database or Slack holds one of these; with enough of
        # them, quick requests are not queued behind it (each is answered in time anyway).
        listener_executor=ContextThreadPoolExecutor(max_workers=settings.listener_pool),
        **oauth,  # type: ignore[arg-type]
    )
    middleware.register(app, services, members, deliveries=deliveries)
    handlers.register_listeners(app)
    if installations is not None:
        installation_events.register(app, installations)
    errors.register(app)
    return Runtime(
        app=app,
        services=services,
        client=client,
        engine=engine,
        clock=clock,
        deliveries=deliveries,
        signing_secret=settings.secret("signing"),
        installations=installations,
        listener_threads=settings.listener_pool,
    )


def create_app(
    settings: Settings, *, clock: Clock | None = None, engine: Engine | None = None
) -> App:
    return build_runtime(settings, clock=clock, engine=engine).app
