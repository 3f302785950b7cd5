"""What one feature's edge lends the others without their importing it.

Features never import each other. Where one must act on another's part of Slack (a profile
saved on the Home tab publishes the tab again; a person erased cancels the events they
organised, whose announcements change), the feature that owns that part hands a function to
every request's context when it registers, and a listener asks for it by name, as it asks for
`services`. Each is named here, with its shape; `handlers/__init__.py` says who lends which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from handlers.payloads import from_home

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from slack_bolt import App, BoltContext, BoltResponse, Respond
    from slack_sdk import WebClient

    from bot.domain.events import Announcement, Event
    from bot.services.container import Services
    from bot.services.directory import ProfileStatus


class PublishHome(Protocol):
    """`publish_home`, lent by the Home tab: publish someone's Home tab as it now is."""

    def __call__(
        self,
        client: WebClient,
        services: Services,
        team_id: str,
        user_id: str,
        status: ProfileStatus | None = None,
    ) -> None: ...


class UpdateAnnouncements(Protocol):
    """`update_announcements`, lent by events: show an event as it now is wherever it was
    announced, each post in its channel's language (English, Welsh, or both, Welsh first)."""

    def __call__(
        self,
        client: WebClient,
        services: Services,
        event: Event,
        announcements: Sequence[Announcement],
    ) -> None: ...


class EventFeedback(Protocol):
    """`event_feedback`, lent by feedback: `/event feedback …`, read by the events command."""

    def reply(self, services: Services, team_id: str, user_id: str, text: str) -> dict[str, Any]:
        """The answer to `/event feedback <text>`."""
        ...

    def help_block(self) -> dict[str, Any]:
        """The line `/event help` gives the verb."""
        ...


class SignupAfterProfile(Protocol):
    """`signup_after_profile`, lent by mentoring: whether a saved profile form was opened
    on the way to the mentoring sign-up, and that form."""

    def follows(self, view: dict[str, Any]) -> bool: ...

    def form(self, services: Services, team_id: str, user_id: str) -> dict[str, Any]: ...


class JoinMentoring(Protocol):
    """`join_mentoring`, lent by mentoring: the view that takes someone into mentoring from
    another feature's form (the feedback form's "I'd like to join a mentoring group"), for a
    `response_action: update`: the sign-up form, prefilled, or the profile form first."""

    def view(self, services: Services, team_id: str, user_id: str) -> dict[str, Any]: ...


def lend(app: App, **hooks: object) -> None:
    """Put each hook in every request's context under its name."""

    def lend_hooks(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        for name, hook in hooks.items():
            context[name] = hook
        return next()

    app.use(lend_hooks)


def answer_where_clicked(
    publish_home: PublishHome,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    services: Services,
    team_id: str,
    payload: dict[str, Any],
    status: ProfileStatus | None = None,
) -> None:
    """Show what changed where the click came from: the Home tab (published again), or the
    message clicked (replaced with `payload`)."""
    if from_home(body) or not respond.response_url:
        publish_home(client, services, team_id, str(body["user"]["id"]), status)
    else:
        respond(replace_original=True, **payload)
