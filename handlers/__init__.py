"""The Slack edge: listeners, Block Kit builders and the notifier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.actions import directory as directory_actions
from handlers.actions import event as event_actions
from handlers.actions import feedback as feedback_actions
from handlers.actions import feedback_summary as feedback_summary_actions
from handlers.actions import mentoring_groups as mentoring_group_actions
from handlers.actions import mentoring_signup as mentoring_signup_actions
from handlers.commands import event as event_command
from handlers.commands import mentoring as mentoring_command
from handlers.commands import whoswho
from handlers.events import home, users
from handlers.options import directory as directory_options
from handlers.options import event as event_options
from handlers.views import event as event_views
from handlers.views import feedback as feedback_views
from handlers.views import mentoring as mentoring_views
from handlers.views import profile, search

if TYPE_CHECKING:
    from slack_bolt import App


def register_listeners(app: App) -> None:
    whoswho.register(app)
    directory_actions.register(app)
    profile.register(app)
    search.register(app)
    directory_options.register(app)
    home.register(app)
    users.register(app)
    event_command.register(app)
    event_actions.register(app)
    event_views.register(app)
    event_options.register(app)
    mentoring_command.register(app)
    mentoring_signup_actions.register(app)
    mentoring_views.register(app)
    mentoring_group_actions.register(app)
    feedback_actions.register(app)
    feedback_views.register(app)
    feedback_summary_actions.register(app)
