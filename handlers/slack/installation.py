"""The app uninstalled from a workspace, or its tokens revoked: clean up at once.

Slack sends these events without a usable token (the installation is already gone), and Bolt
lets them through its authorization for that reason. Registered only when the app is installed
through the OAuth flow (many workspaces): with one bot token there is nothing stored to clean.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from handlers.errors import guarded
from handlers.ids import Event

if TYPE_CHECKING:
    from slack_bolt import App, BoltContext

log = logging.getLogger(__name__)


class InstallationLifecycle(Protocol):
    def uninstalled(self, *, enterprise_id: str | None, team_id: str | None) -> int: ...

    def tokens_revoked(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        bot_revoked: bool,
        user_ids: list[str],
    ) -> int: ...


def _where(body: dict[str, Any], context: BoltContext) -> tuple[str | None, str | None]:
    """(enterprise_id, team_id) the event is about; an organisation-wide install has no team."""
    enterprise_id = context.enterprise_id or body.get("enterprise_id") or None
    if body.get("is_enterprise_install") or context.is_enterprise_install:
        return enterprise_id, None
    return enterprise_id, context.team_id or body.get("team_id") or None


def _field(data: dict[str, Any], name: str, kind: type[Any]) -> Any:
    value = data.get(name)
    return value if isinstance(value, kind) else kind()


def register(app: App, lifecycle: InstallationLifecycle) -> None:
    def handle_app_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
        enterprise_id, team_id = _where(body, context)
        lifecycle.uninstalled(enterprise_id=enterprise_id, team_id=team_id)

    def handle_tokens_revoked(
        event: dict[str, Any], body: dict[str, Any], context: BoltContext
    ) -> None:
        tokens = _field(event, "tokens", dict)
        bots = _field(tokens, "bot", list)
        users = _field(tokens, "oauth", list)
        enterprise_id, team_id = _where(body, context)
        lifecycle.tokens_revoked(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_revoked=bool(bots),
            user_ids=[str(user) for user in users if isinstance(user, str)],
        )

    app.event(Event.APP_UNINSTALLED)(guarded(handle_app_uninstalled))
    app.event(Event.TOKENS_REVOKED)(guarded(handle_tokens_revoked))
