"""Global middleware: hand every listener the process's services (and who is who in Slack)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_bolt import App, BoltContext, BoltResponse

    from bot.services.container import Services
    from handlers.people import SlackWorkspaceMembers


def register(app: App, services: Services, members: SlackWorkspaceMembers) -> None:
    def inject_services(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context["services"] = services
        context["members"] = members
        return next()

    app.use(inject_services)
