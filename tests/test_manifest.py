"""manifest.yml and the listeners the code registers must agree, both ways."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import handlers
from bot.oauth import BOT_SCOPES, REDIRECT_PATH
from handlers.ids import ActionId, CallbackId, Command, Event, indexed, matching
from handlers.slack import installation

MANIFEST = yaml.safe_load((Path(__file__).resolve().parents[1] / "manifest.yml").read_text())

# The scopes each bot event needs (Slack's Events API reference).
EVENT_SCOPES = {
    "app_home_opened": set(),
    "user_change": {"users:read"},
    "app_uninstalled": set(),
    "tokens_revoked": set(),
    # a join to a public channel needs channels:read, to a private one groups:read
    "member_joined_channel": {"channels:read", "groups:read"},
}


class RecordingApp:
    """Stands in for a Bolt App and records what register_listeners asks for."""

    def __init__(self) -> None:
        self.registered: dict[str, list[str]] = defaultdict(list)

    def _recorder(self, kind: str) -> Callable[[Any], Callable[[Callable[..., Any]], None]]:
        def register(identifier: Any) -> Callable[[Callable[..., Any]], None]:
            pattern = getattr(identifier, "pattern", None)
            self.registered[kind].append(str(identifier) if pattern is None else pattern)
            return lambda listener: None

        return register

    def __getattr__(self, kind: str) -> Callable[[Any], Callable[[Callable[..., Any]], None]]:
        return self._recorder(kind)


@pytest.fixture(scope="module")
def registered() -> dict[str, list[str]]:
    app = RecordingApp()
    handlers.register_listeners(app)  # type: ignore[arg-type]
    installation.register(app, lifecycle=None)  # type: ignore[arg-type] # many workspaces
    return app.registered


def test_every_registered_command_is_in_the_manifest_and_the_reverse(registered):
    in_manifest = {item["command"] for item in MANIFEST["features"]["slash_commands"]}
    assert set(registered["command"]) == in_manifest == {c.value for c in Command}


def test_every_registered_event_is_subscribed_and_the_reverse(registered):
    subscribed = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert set(registered["event"]) == subscribed == {e.value for e in Event}


def test_subscribed_events_have_their_scopes_and_no_scope_is_spare():
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    # commands and chat:write for everything; users:read.email for imports; users:read for
    # admins and time zones; channels:join for /event link; files:write and im:write to send
    # an event's .ics file in a DM.
    needed = {"commands", "chat:write", "users:read.email", "users:read", "channels:join"}
    needed |= {"files:write", "im:write"}
    # Scheduled DMs: a message whose sending was interrupted (the process died, Slack answered
    # 5xx) is looked for in the person's DM before it is sent again, so nobody gets it twice.
    # That reads the DM's history (im:history), found by opening the DM (im:write).
    needed |= {"im:history", "im:write"}
    # Mentoring groups: each group is introduced in its own group DM with the app, opened
    # with conversations.open for several people (mpim:write); an introduction whose sending
    # was interrupted is looked for in the group DM before it is sent again (mpim:history).
    needed |= {"mpim:write", "mpim:history"}
    # A new profile's form is prefilled from the person's Slack profile and the workspace's
    # custom profile fields (users.profile.get, team.profile.get).
    needed |= {"users.profile:read"}
    for event in events:
        needed |= EVENT_SCOPES[event]
    assert scopes == needed


def test_the_install_flow_asks_for_the_manifests_scopes_and_returns_where_it_says():
    assert set(BOT_SCOPES) == set(MANIFEST["oauth_config"]["scopes"]["bot"])
    redirects = MANIFEST["oauth_config"]["redirect_urls"]
    assert [url.removeprefix("https://whoswho.example.org") for url in redirects] == [REDIRECT_PATH]


def test_every_action_id_has_a_listener_and_every_listener_a_known_id(registered):
    listeners = [*registered["action"], *registered["options"]]
    for action in ActionId:
        assert any(re.fullmatch(listener, action.value) for listener in listeners), action
        assert any(re.fullmatch(listener, indexed(action, 3)) for listener in listeners) == (
            matching(action).pattern in listeners
        )
    for listener in listeners:
        assert any(re.fullmatch(listener, action.value) for action in ActionId), listener


def test_options_listeners_have_an_options_url(registered):
    assert registered["options"]
    interactivity = MANIFEST["settings"]["interactivity"]
    assert interactivity["is_enabled"] is True
    assert interactivity["message_menu_options_url"].endswith("/slack/events")


def test_submittable_views_have_listeners(registered):
    submittable = {
        CallbackId.PROFILE_SUBMIT,
        CallbackId.SEARCH_SUBMIT,
        CallbackId.EVENT_SUBMIT,
        CallbackId.EVENT_CANCEL_SUBMIT,
        CallbackId.MENTORING_SIGNUP_SUBMIT,
        CallbackId.FEEDBACK_DETAILS_SUBMIT,
        CallbackId.FEEDBACK_FOLLOW_UP_SUBMIT,
    }
    assert set(registered["view"]) == {c.value for c in submittable}


def test_the_home_tab_is_enabled_because_the_app_publishes_it():
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


def test_request_urls_point_at_the_one_endpoint():
    urls = [
        MANIFEST["settings"]["event_subscriptions"]["request_url"],
        MANIFEST["settings"]["interactivity"]["request_url"],
        *(item["url"] for item in MANIFEST["features"]["slash_commands"]),
    ]
    assert all(url.endswith("/slack/events") for url in urls)


def test_an_organisation_wide_install_can_happen_as_the_readme_says():
    # The README tells an Enterprise Grid organisation admin how to install the app once for
    # the whole organisation, and test_workspaces proves such an install serves each workspace;
    # Slack offers that install only to apps whose manifest enables organisation deployment.
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "organisation-wide install" in readme
    assert MANIFEST["settings"]["org_deploy_enabled"] is True
