"""The scopes the app needs are the scopes manifest.yml asks for, and the loopback Slack
refuses, as Slack does, a call whose scope its token was not granted.

The Web API methods the app calls are read from its source: `client.<method>(...)` calls
(chat_postMessage, files_upload_v2, ...; what each calls is read from slack_sdk's WebClient)
and Web API method names written as strings (api_call("conversations.history"), POST_MESSAGE).
A new call that needs a new scope fails here until the manifest grants it.
"""

from __future__ import annotations

import ast
import inspect
import re
from functools import cache
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.oauth import BOT_SCOPES
from tests.support import slack_scopes
from tests.support.fake_slack import FakeSlack
from tests.support.slack_scopes import SCOPES, Kind

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("bot", "handlers", "storage")

# Where a method's scope depends on the kind of conversation: every kind the app uses it with.
KINDS_USED = {
    # The outbox's in-doubt check reads the conversation it posted in (slack/outbox_history.py):
    # a person's DM with the app, or a mentoring group's group DM.
    "conversations.history": {Kind.IM, Kind.MPIM},
    # A person's DM (the outbox's check; an event's .ics file and a feedback summary's CSV,
    # sent in a DM) and a mentoring group's group DM (the outbox's introductions, thank-yous).
    "conversations.open": {Kind.IM, Kind.MPIM},
}


@cache
def _client_methods() -> dict[str, frozenset[str]]:
    """Each WebClient method's name -> the Web API methods it calls (through the helpers it
    calls: files_upload_v2 calls files.getUploadURLExternal and files.completeUploadExternal)."""
    direct: dict[str, set[str]] = {}
    helpers: dict[str, set[str]] = {}
    for name, function in inspect.getmembers(WebClient, inspect.isfunction):
        source = inspect.getsource(function)
        direct[name] = set(re.findall(r"api_call\(\s*\"([\w.]+)\"", source))
        helpers[name] = set(re.findall(r"self\.(\w+)\(", source)) - {name}

    def resolve(name: str, seen: frozenset[str]) -> set[str]:
        found = set(direct.get(name, ()))
        for helper in helpers.get(name, ()):
            if helper not in seen:
                found |= resolve(helper, seen | {helper})
        return found

    resolved = {name: frozenset(resolve(name, frozenset({name}))) for name in direct}
    return {name: methods for name, methods in resolved.items() if methods}


def _named_methods(node: ast.AST, every_method: frozenset[str]) -> set[str]:
    """Web API method names given to a call (`api_call("conversations.history", ...)`) or
    named as a constant to give one later (`POST_MESSAGE = "chat.postMessage"`). Not a name
    in a list or a set (which methods may be retried, say): that is no call."""
    if isinstance(node, ast.Call):
        values = [*node.args, *(keyword.value for keyword in node.keywords)]
    elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        values = [node.value]
    else:
        return set()
    return {
        value.value
        for value in values
        if isinstance(value, ast.Constant) and value.value in every_method
    }


def web_api_methods_called() -> dict[str, set[str]]:
    """Web API method -> the source files that call it (or name it, to call it)."""
    by_client_method = _client_methods()
    every_method = frozenset().union(*by_client_method.values())
    found: dict[str, set[str]] = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=where)):
                names = _named_methods(node, every_method)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    names |= by_client_method.get(node.func.attr, frozenset())
                for name in names:
                    found.setdefault(name, set()).add(where)
    return found


def scopes_needed(methods: set[str]) -> dict[str, set[str]]:
    """Scope -> the methods (with the kind of conversation, where it matters) that need it."""
    needed: dict[str, set[str]] = {}
    for method in methods:
        kinds = KINDS_USED[method] if slack_scopes.depends_on_kind(method) else {None}
        for kind in kinds:
            scope = slack_scopes.scope_for(method, kind)
            if scope is not None:
                needed.setdefault(scope, set()).add(f"{method} ({kind})" if kind else method)
    return needed


def test_the_scan_finds_the_calls_it_is_meant_to_find():
    called = web_api_methods_called()
    # attribute calls, a helper's own calls, a constant, and string literals
    assert "handlers/events/actions.py" in called["files.getUploadURLExternal"]
    assert "handlers/slack/outbox_base.py" in called["chat.postMessage"]  # POST_MESSAGE
    assert "handlers/slack/outbox_base.py" in called["conversations.history"]  # HISTORY
    assert "handlers/slack/outbox_history.py" in called["conversations.open"]
    assert "handlers/slack/people.py" in called["users.lookupByEmail"]
    assert "bot/cli.py" in called["auth.test"]


def test_every_web_api_method_the_app_calls_has_its_scope_in_the_loopback_slack():
    called = web_api_methods_called()
    unknown = {method: where for method, where in called.items() if method not in SCOPES}
    assert unknown == {}, "add these methods, with their documented scope, to slack_scopes.py"


def test_the_kinds_of_conversation_are_listed_for_every_method_whose_scope_depends_on_it():
    called = web_api_methods_called()
    by_kind = {method for method in called if slack_scopes.depends_on_kind(method)}
    assert by_kind == set(KINDS_USED)
    for method, rule in SCOPES.items():  # every kind has a scope: none passes unchecked
        if slack_scopes.depends_on_kind(method):
            assert set(rule) == set(Kind), method


def test_every_scope_the_app_needs_is_granted_in_the_manifest():
    needed = scopes_needed(set(web_api_methods_called()))
    granted = set(slack_scopes.manifest_bot_scopes())
    missing = {scope: sorted(methods) for scope, methods in needed.items() if scope not in granted}
    assert missing == {}, "manifest.yml (and bot/oauth.py's BOT_SCOPES) must ask for these"


def test_the_loopback_slack_grants_the_manifests_bot_scopes_by_default():
    assert set(slack_scopes.manifest_bot_scopes()) == set(BOT_SCOPES)
    with FakeSlack() as fake:
        assert fake.scopes == slack_scopes.manifest_bot_scopes()
        token = fake.add_install_code("code", "T0NEW")
        answer = WebClient(base_url=fake.base_url).oauth_v2_access(
            client_id="id", client_secret="secret", code="code"
        )
    assert answer["access_token"] == token
    assert answer["scope"].split(",") == list(slack_scopes.manifest_bot_scopes())


@pytest.mark.parametrize(
    ("method", "params", "needed"),
    [
        ("conversations.history", {"channel": "C0PUBLIC"}, "channels:history"),
        ("conversations.history", {"channel": "G0PRIVATE"}, "groups:history"),
        ("conversations.history", {"channel": "D0SAM"}, "im:history"),
        ("conversations.open", {"users": "U0SAM"}, "im:write"),
        ("conversations.open", {"users": "U0SAM,U0ALEX"}, "mpim:write"),
        ("chat.postMessage", {"channel": "C0PUBLIC", "text": "hi"}, "chat:write"),
        ("users.info", {"user": "U0SAM"}, "users:read"),
        ("users.lookupByEmail", {"email": "sam@example.gov.uk"}, "users:read.email"),
        ("conversations.join", {"channel": "C0PUBLIC"}, "channels:join"),
        ("files.getUploadURLExternal", {"filename": "a.ics", "length": 3}, "files:write"),
    ],
)
def test_a_call_without_its_scope_is_refused_as_slack_refuses_it(method, params, needed):
    granted = ("commands", "views:none")
    with FakeSlack(scopes=granted) as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[])
        with pytest.raises(SlackApiError) as refused:
            client.api_call(method, params=params)
        [call] = fake.calls
    assert refused.value.response.status_code == 200
    assert refused.value.response.data == {
        "ok": False,
        "error": "missing_scope",
        "needed": needed,
        "provided": "commands,views:none",
    }
    assert call.failed


def test_the_history_of_a_group_dm_needs_mpim_history_not_a_private_channels_scope():
    with FakeSlack(scopes=("mpim:write", "groups:history")) as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[])
        group = client.conversations_open(users="U0SAM,U0ALEX")["channel"]["id"]
        with pytest.raises(SlackApiError) as refused:
            client.conversations_history(channel=group)
        fake.grant("xoxb-test", ("mpim:history",))
        assert client.conversations_history(channel=group)["ok"]
    assert refused.value.response["needed"] == "mpim:history"


def test_a_token_granted_fewer_scopes_is_refused_what_the_others_may_do():
    with FakeSlack() as fake:
        old = fake.add_install_code("old", "T0OLD", scopes=("commands", "chat:write"))
        new = fake.add_install_code("new", "T0NEW")
        oauth = WebClient(base_url=fake.base_url)
        old_scope = oauth.oauth_v2_access(client_id="i", client_secret="s", code="old")["scope"]
        oauth.oauth_v2_access(client_id="i", client_secret="s", code="new")
        with pytest.raises(SlackApiError) as refused:
            WebClient(token=old, base_url=fake.base_url).users_info(user="U0SAM")
        with pytest.raises(SlackApiError) as not_found:  # granted: past the scope check
            WebClient(token=new, base_url=fake.base_url).users_info(user="U0SAM")
    assert old_scope == "commands,chat:write"
    assert (refused.value.response["error"], refused.value.response["needed"]) == (
        "missing_scope",
        "users:read",
    )
    assert not_found.value.response["error"] == "user_not_found"


def test_a_method_missing_from_the_scope_table_is_refused_loudly_never_let_through():
    with FakeSlack() as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[])
        with pytest.raises(SlackApiError) as refused:
            client.api_call("reactions.add", params={"channel": "C1", "name": "wave"})
    assert refused.value.response["error"] == "unknown_method"
    assert fake.violations == ["reactions.add: not in the scope table (slack_scopes.py)"]
    with pytest.raises(slack_scopes.UnknownMethodError):
        slack_scopes.scope_needed("reactions.add", {})
