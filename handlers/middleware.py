"""Global middleware: hand every listener the process's services."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from slack_bolt import App, BoltContext, BoltResponse

    from bot.services.container import Services


def register(app: App, services: Services) -> None:
    def inject_services(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context["services"] = services
        return next()

    app.use(inject_services)
