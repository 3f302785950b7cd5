"""Sends requests to the app's HTTP endpoint exactly as Slack does: the documented payload
shapes, form- or JSON-encoded, signed with the signing secret (`v0=` HMAC-SHA256 of
`v0:{timestamp}:{body}`)."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

EVENTS_PATH = "/slack/events"
_SIGNED = object()


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body.strip() else {}


# Values of input elements as they arrive in view.state.values.
def plain_value(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def static_value(value: str | None, text: str | None = None) -> dict[str, Any]:
    option = None if value is None else {"text": _plain(text or value), "value": value}
    return {"type": "static_select", "selected_option": option}


def external_value(value: str | None, text: str | None = None) -> dict[str, Any]:
    option = None if value is None else {"text": _plain(text or value), "value": value}
    return {"type": "external_select", "selected_option": option}


def multi_static_value(values: list[str] | None) -> dict[str, Any]:
    return {
        "type": "multi_static_select",
        "selected_options": [{"text": _plain(v), "value": v} for v in values or []],
    }


def checkboxes_value(values: list[str] | None) -> dict[str, Any]:
    return {
        "type": "checkboxes",
        "selected_options": [{"text": _plain(v), "value": v} for v in values or []],
    }


def slack_escaped(typed: str) -> str:
    """Typed text as Slack sends it: its three control characters as HTML entities."""
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


class SlackClient:
    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        *,
        team_id: str,
        user_id: str,
        response_url_factory: Callable[..., str],
        api_app_id: str = "A0APP",
        enterprise_id: str | None = None,
    ) -> None:
        """`enterprise_id`: the workspace belongs to an Enterprise Grid organisation that
        installed the app organisation-wide, and Slack's payloads say so."""
        self.url = base_url + EVENTS_PATH
        self.secret = signing_secret
        self.team_id = team_id
        self.user_id = user_id
        self.response_url_factory = response_url_factory
        self.api_app_id = api_app_id
        self.enterprise_id = enterprise_id
        self._ids = itertools.count(1)

    # Transport ----------------------------------------------------------------------------

    def post(
        self,
        body: str,
        content_type: str,
        *,
        secret: str | None = None,
        timestamp_offset: int = 0,
        signature: object = _SIGNED,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
    ) -> Response:
        timestamp = str(int(time.time()) + timestamp_offset)
        sent = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp}
        if signature is _SIGNED:
            verifier = SignatureVerifier(secret or self.secret)
            sent["X-Slack-Signature"] = verifier.generate_signature(timestamp=timestamp, body=body)
        elif isinstance(signature, str):
            sent["X-Slack-Signature"] = signature
        sent.update(headers or {})
        request = urllib.request.Request(  # noqa: S310 - a loopback URL the test built
            self.url, data=body.encode(), headers=sent, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                return Response(answer.status, answer.read().decode(), dict(answer.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode(), dict(error.headers))

    def _form(self, fields: dict[str, str], **options: Any) -> Response:
        return self.post(urlencode(fields), "application/x-www-form-urlencoded", **options)

    def _interactive(self, payload: dict[str, Any], **options: Any) -> Response:
        return self._form({"payload": json.dumps(payload)}, **options)

    def _team(self) -> dict[str, Any]:
        return {"id": self.team_id, "domain": "example"}

    def _user(self, user_id: str | None) -> dict[str, Any]:
        user = user_id or self.user_id
        return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.team_id}

    # Slash commands -----------------------------------------------------------------------

    def command(
        self,
        command: str,
        text: str,
        *,
        user_id: str | None = None,
        channel_id: str = "C0GENERAL",
        channel_name: str = "general",
        trigger_id: str | None = None,
        response_url: str | None = None,
        verbatim: bool = False,
        **options: Any,
    ) -> Response:
        """`text` is what the person typed: Slack sends its `&`, `<` and `>` as `&amp;`, `&lt;`
        and `&gt;` (whatever the command's should_escape says). With `verbatim`, `text` is sent
        exactly as given: for Slack's own markup, such as a mention `<@U123|name>`, which Slack
        writes into the text unescaped."""
        fields = {
            "token": "deprecated-verification-token",
            "team_id": self.team_id,
            "team_domain": "example",
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id or self.user_id,
            "user_name": (user_id or self.user_id).lower(),
            "command": command,
            "text": text if verbatim else slack_escaped(text),
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "true" if self.enterprise_id else "false",
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
            "response_url": response_url or self.response_url_factory(),
            "trigger_id": trigger_id or f"trigger.{next(self._ids)}",
        }
        return self._form(fields, **options)

    # Interactivity ------------------------------------------------------------------------

    def block_action(
        self,
        action_id: str,
        *,
        value: str | None = None,
        block_id: str = "block",
        user_id: str | None = None,
        response_url: str | None = None,
        view: dict[str, Any] | None = None,
        action: dict[str, Any] | None = None,
        **options: Any,
    ) -> Response:
        """A click on a button (or another element) in a message, or in a view when `view`."""
        element = action or {"type": "button", "text": _plain("Button")}
        element = {
            **element,
            "action_id": action_id,
            "block_id": block_id,
            "action_ts": f"{time.time():.6f}",
        }
        if value is not None:
            element["value"] = value
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": "deprecated-verification-token",
            "trigger_id": f"trigger.{next(self._ids)}",
            "actions": [element],
            "is_enterprise_install": False,
            "enterprise": None,
        }
        if view is not None:
            full_view = {"id": "V0VIEW", "team_id": self.team_id, "state": {"values": {}}, **view}
            payload["view"] = full_view
            payload["container"] = {"type": "view", "view_id": full_view["id"]}
        else:
            ts = f"{time.time():.6f}"
            payload["container"] = {
                "type": "message",
                "message_ts": ts,
                "channel_id": "C0GENERAL",
                "is_ephemeral": True,
            }
            payload["channel"] = {"id": "C0GENERAL", "name": "general"}
            payload["response_url"] = response_url or self.response_url_factory()
        return self._interactive(payload, **options)

    def view_submission(
        self,
        callback_id: str,
        values: dict[str, dict[str, dict[str, Any]]],
        *,
        user_id: str | None = None,
        private_metadata: str = "",
        view_id: str = "V0MODAL",
        blocks: list[dict[str, Any]] | None = None,
        **options: Any,
    ) -> Response:
        """`blocks`: the view's blocks, as Slack sends them back (the form the app opened)."""
        payload = {
            "type": "view_submission",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": "deprecated-verification-token",
            "trigger_id": f"trigger.{next(self._ids)}",
            "is_enterprise_install": False,
            "enterprise": None,
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "state": {"values": values},
                **({"blocks": blocks} if blocks is not None else {}),
                "hash": "1700000000.abcdef",
                "app_id": self.api_app_id,
            },
            "response_urls": [],
        }
        return self._interactive(payload, **options)

    def block_suggestion(
        self,
        action_id: str,
        value: str,
        *,
        block_id: str = "block",
        user_id: str | None = None,
        **options: Any,
    ) -> Response:
        payload = {
            "type": "block_suggestion",
            "user": self._user(user_id),
            "team": self._team(),
            "api_app_id": self.api_app_id,
            "token": "deprecated-verification-token",
            "action_id": action_id,
            "block_id": block_id,
            "value": value,
            "container": {"type": "view", "view_id": "V0MODAL"},
            "view": {"id": "V0MODAL", "type": "modal", "callback_id": "any"},
        }
        return self._interactive(payload, **options)

    # Events -------------------------------------------------------------------------------

    def event(self, event: dict[str, Any], **options: Any) -> Response:
        event_id = f"Ev{next(self._ids):08d}"
        body = {
            "token": "deprecated-verification-token",
            "team_id": self.team_id,
            "api_app_id": self.api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": "U0BOT",
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        return self.post(json.dumps(body), "application/json", **options)

    def app_home_opened(self, user_id: str, tab: str = "home", **options: Any) -> Response:
        return self.event(
            {
                "type": "app_home_opened",
                "user": user_id,
                "channel": "D0HOME",
                "tab": tab,
                "event_ts": f"{time.time():.6f}",
            },
            **options,
        )

    def user_change(self, user: dict[str, Any], **options: Any) -> Response:
        return self.event(
            {"type": "user_change", "user": user, "event_ts": f"{time.time():.6f}"}, **options
        )
