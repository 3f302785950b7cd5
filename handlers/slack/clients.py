"""Which Web API client speaks for a workspace.

With one bot token (SLACK_BOT_TOKEN) one client serves every call. Installed in many
workspaces, each workspace's bot token comes from its installation (kept encrypted in the
database), looked up through `BotTokens` when work is done without a request from Slack:
scheduled messages, the yearly profile check, imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from slack_sdk import WebClient

from handlers.slack.calls import GatedWebClient

if TYPE_CHECKING:
    from collections.abc import Callable


class NotInstalledError(Exception):
    """The app has no installation (or no valid token) in this workspace."""

    def __init__(self, team_id: str) -> None:
        super().__init__(f"the app is not installed in workspace {team_id}")
        self.team_id = team_id


class BotTokens(Protocol):
    def token_for(self, team_id: str) -> str | None:
        """The workspace's current bot token (rotated if it was about to expire), or None."""


class WorkspaceClients:
    """team_id -> a WebClient carrying that workspace's bot token. The template gives every
    client its base URL, timeout and retry behaviour; with no `tokens`, the template itself
    (one token) serves every workspace."""

    def __init__(self, template: WebClient, tokens: BotTokens | None = None) -> None:
        self._template = template
        self._tokens = tokens

    @property
    def template(self) -> WebClient:
        return self._template

    def __call__(self, team_id: str) -> WebClient:
        if self._tokens is None:
            return self._template
        token = self._tokens.token_for(team_id)
        if not token:
            raise NotInstalledError(team_id)
        if isinstance(self._template, GatedWebClient):
            # The listeners' kind: shares the process's record of Slack's rate limits.
            return self._template.copy(token=token)
        return WebClient(
            token=token,
            base_url=self._template.base_url,
            timeout=self._template.timeout,
            logger=self._template.logger,
            retry_handlers=list(self._template.retry_handlers or []),
        )


def clients_for(source: WebClient | Callable[[str], WebClient]) -> Callable[[str], WebClient]:
    """A single client (one workspace) or a team_id -> client function, as the latter."""
    if isinstance(source, WebClient):
        client = source
        return lambda _team_id: client
    return source
