"""Slack's OAuth scopes, as the loopback Slack enforces them.

Which scope a bot token needs for each Web API method, from the "Scopes" facts of the
method's page in Slack's reference (docs.slack.dev/reference/methods/<method>). For the
conversations.* methods the scope depends on the kind of conversation: the history of a
public channel needs channels:history, of a DM im:history, of a group DM mpim:history.

A call whose scope the token was not granted is refused as Slack refuses it: HTTP 200
`{"ok": false, "error": "missing_scope", "needed": ..., "provided": ...}`. A method missing
from the table is not let through: `scope_needed` raises `UnknownMethodError`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


class Kind(StrEnum):
    """The kinds of conversation Slack grants scopes by."""

    PUBLIC_CHANNEL = "public channel"  # C…
    PRIVATE_CHANNEL = "private channel"  # G… (or C…) that is not a group DM
    IM = "DM"  # D…; a user id stands for their DM with the app
    MPIM = "group DM"  # several people and the app, as conversations.open opened it


# Method -> the scope a bot token needs: one for every call, None for none, or one per kind.
SCOPES: dict[str, str | Mapping[Kind, str] | None] = {
    "auth.test": None,
    "oauth.v2.access": None,  # the app's client id and secret, not a token
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.update": "chat:write",
    "chat.delete": "chat:write",
    "chat.scheduleMessage": "chat:write",
    "conversations.history": {
        Kind.PUBLIC_CHANNEL: "channels:history",
        Kind.PRIVATE_CHANNEL: "groups:history",
        Kind.IM: "im:history",
        Kind.MPIM: "mpim:history",
    },
    "conversations.open": {  # `users`: one person (a DM) or several (a group DM)
        Kind.PUBLIC_CHANNEL: "channels:manage",
        Kind.PRIVATE_CHANNEL: "groups:write",
        Kind.IM: "im:write",
        Kind.MPIM: "mpim:write",
    },
    "conversations.join": "channels:join",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "users.info": "users:read",
    "users.lookupByEmail": "users:read.email",
    "users.profile.get": "users.profile:read",
    "team.profile.get": "users.profile:read",
    "views.open": None,
    "views.push": None,
    "views.update": None,
    "views.publish": None,
}


class UnknownMethodError(KeyError):
    """A method the table does not know: add it (with its documented scope) before using it."""


def manifest_bot_scopes(path: Path = MANIFEST) -> tuple[str, ...]:
    """The bot scopes manifest.yml asks for, in its order."""
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(str(scope) for scope in manifest["oauth_config"]["scopes"]["bot"])


def conversation_kind(channel: str, group_dms: Collection[str] = ()) -> Kind:
    """The kind of a conversation id; `group_dms`: the ids Slack opened as group DMs (which,
    like private channels, may start with G)."""
    if channel in group_dms:
        return Kind.MPIM
    if channel.startswith(("D", "U", "W")):
        return Kind.IM
    if channel.startswith("G"):
        return Kind.PRIVATE_CHANNEL
    return Kind.PUBLIC_CHANNEL


def call_kind(params: Mapping[str, Any], group_dms: Collection[str] = ()) -> Kind:
    """The kind of conversation a call is about: its `channel`, else its `users`."""
    channel = str(params.get("channel") or "")
    if channel:
        return conversation_kind(channel, group_dms)
    users = [user for user in str(params.get("users") or "").split(",") if user.strip()]
    return Kind.MPIM if len(users) > 1 else Kind.IM


def scope_for(method: str, kind: Kind | None = None) -> str | None:
    """The scope `method` needs (for a conversation of `kind`, where that matters)."""
    if method not in SCOPES:
        raise UnknownMethodError(method)
    rule = SCOPES[method]
    if rule is None or isinstance(rule, str):
        return rule
    if kind is None:
        raise ValueError(f"{method}: the scope depends on the kind of conversation")
    return rule[kind]


def depends_on_kind(method: str) -> bool:
    if method not in SCOPES:
        raise UnknownMethodError(method)
    return isinstance(SCOPES[method], Mapping)


def scope_needed(
    method: str, params: Mapping[str, Any], group_dms: Collection[str] = ()
) -> str | None:
    """The scope this call needs."""
    kind = call_kind(params, group_dms) if depends_on_kind(method) else None
    return scope_for(method, kind)


def refusal(
    method: str,
    params: Mapping[str, Any],
    granted: Collection[str],
    group_dms: Collection[str] = (),
) -> dict[str, Any] | None:
    """Slack's answer to a call whose token lacks the scope it needs; None if it has it."""
    needed = scope_needed(method, params, group_dms)
    if needed is None or needed in granted:
        return None
    return {
        "ok": False,
        "error": "missing_scope",
        "needed": needed,
        "provided": ",".join(granted),
    }
