"""Whatever people type or Slack sends, however odd: never a 5xx, never a live mention.

Generates (from a seeded random generator, so a run can be repeated exactly) `-n` requests, 10,000
by default, and sends each, signed as Slack signs it, to the real app (`build_runtime`: the Bolt
app, its middleware and every listener, served by a real HTTP server, with a loopback stand-in for
Slack's Web API and the response_urls, as the integration tests serve it):

- slash commands: `/whoswho`, `/event` and `/mentoring`, every verb, with texts full of
  `<!channel>`, `<!here>`, `<!subteam^…>`, `<@U0HOSTILE…>`, `@channel`, links, control
  characters, right-to-left marks, emoji, SQL-ish and JSON-ish text and huge strings;
- form submissions (`view_submission`) for every callback id in `handlers.ids.CallbackId`, from
  the real forms' own inputs (the builders' views, then every view the app opened during the
  run), with values valid, hostile, missing, oversized or of the wrong type, and private
  metadata real, forged or garbage;
- button clicks (`block_actions`) for every `ActionId`: the buttons the app really showed
  (clicked by anyone, values mutated) and forged values, in messages and in views;
- typeahead queries (`block_suggestion`) for the place menus;
- Events API `app_home_opened` and `user_change` with odd shapes.

The people sending are a fixed set of workspace members (one an admin, so organisers' paths run
too); the user ids typed *inside* the hostile text (`U0HOSTILE…`, `W0HOSTILE…`) never belong to
anyone. The requests go in rounds; between rounds the app's clock moves on a few days and the
scheduled work runs (reminders, feedback prompts, mentoring check-ins, the outbox), so what was
typed earlier comes back in what the app sends later, and the buttons it sends are clicked.

Then every Web API call the loopback Slack recorded (chat.postMessage, chat.postEphemeral,
chat.update, views.open/update/push/publish), every response_url body and every view or option
list the app answered with is scanned for live mentions: `<!channel>`, `<!here>`, `<!everyone>`
or `<!subteam^…>` anywhere in a mrkdwn text or a message's `text`, any `<@…>` of someone who is
not one of the workspace's members, and bare `@channel`/`@here` in a post sent with link_names.

Prints the requests by kind, the answers by status (target: no 5xx), the live mentions found
(target: none, with examples), the errors the app logged as unhandled and the apologies people
saw (target: none), and the Block Kit the loopback Slack refused (target: none). Exit status 0
when all targets are met, 1 otherwise.

    python -m benchmarks.hostile_input                  # 10,000 requests, SQLite
    python -m benchmarks.hostile_input -n 500 --seed 7
    python -m benchmarks.hostile_input --database-url postgresql://.../scratch

A database given is a scratch area: it is migrated, the benchmark's workspace (T0HOSTILE) is
written to it and that workspace's rows are deleted at the end. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from bot.domain.feedback import MEASURES, RATINGS, Agreement
from bot.i18n import t
from handlers.directory.blocks.search import search_view
from handlers.events.flow import FormContext
from handlers.feedback.blocks.details import ANONYMOUS
from handlers.feedback.blocks.follow_up import follow_up_view
from handlers.ids import ActionId, BlockId, CallbackId, Command, InputId, measure_block
from handlers.mentoring.blocks.signup import signup_view
from handlers.ui.profile import profile_view

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from bot.app import Runtime
    from tests.support.clock import FixedClock
    from tests.support.fake_slack import Call, FakeSlack
    from tests.support.slack_client import Response, SlackClient

TEAM = "T0HOSTILE"
ADMIN = "U0ACTORADM"
MEMBERS = tuple(f"U0ACTOR{n:02d}" for n in range(1, 9))
ACTORS = (ADMIN, *MEMBERS)
SCANNED = frozenset(
    {
        "chat.postMessage",
        "chat.postEphemeral",
        "chat.update",
        "chat.scheduleMessage",
        "views.open",
        "views.update",
        "views.push",
        "views.publish",
        "response_url",
    }
)
SETTLE_QUIET = 0.4  # seconds without a new Web API call: the work after the acks is done
SETTLE_LIMIT = 30.0

# Live mentions: what Slack turns into a notification in mrkdwn and in a message's text.
SPECIAL_MENTION = re.compile(r"<!(?:channel|here|everyone|subteam\^)[^>]*>", re.IGNORECASE)
USER_MENTION = re.compile(r"<@([^>|]*)(?:\|[^>]*)?>")
BARE_MENTION = re.compile(r"(?<![\w&])@(?:channel|here|everyone)\b", re.IGNORECASE)

# Pieces of hostile text --------------------------------------------------------------------------

MENTIONS = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!channel|channel>",
    "<!here|here>",
    "<!subteam^S0HOSTILE1>",
    "<!subteam^S123|@team>",
    "<@U0HOSTILE1>",
    "<@U0HOSTILE2|boss>",
    "<@W0HOSTILE3>",
    "<@U123>",
    "@channel",
    "@here",
    "@everyone",
    "<#C0HOSTILE|general>",
    "<https://evil.example/|click me>",
    "<mailto:x@evil.example|mail>",
    "&lt;!channel&gt;",
    "&lt;@U0HOSTILE4&gt;",
    "<<!here>>",
    "<!chan\u200bnel>",
    "<!date^0^{date}|x>",
    "<\n!channel>",
    "＜!channel＞",
)
CONTROL = ("\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\x0b", "\x85", "\u2028", "\ufeff", "\ud7ff")
BIDI = ("\u202e", "\u200f", "\u2066", "\u2069", "\u200b", "\u200d", "\u061c")
WALES_FLAG = "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"
EMOJI = ("💥", "👩🏽\u200d💻", WALES_FLAG, ":tada:")
SQLISH = (
    "'; DROP TABLE profiles; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "%' OR '1'='1",
    "1; SELECT pg_sleep(1)",
    "' UNION SELECT * FROM slack_deliveries --",
)
JSONISH = (
    '{"p": 1}',
    '{"event_id": 1, "tz": "Mars/Olympus"}',
    "[]",
    "null",
    '{"__proto__": {}}',
    '{"n": 1e309}',
    '{"p": -1, "t": "<!channel>"}',
    "\\u003c!channel\\u003e",
)
MARKUP = ("*bold*", "_it_", "~s~", "`c`", "```", "> quote", "&", "<", ">", "&amp;", "&gt;", "|")
WORDS = (
    "Leeds",
    "Caerdydd",
    "Yorkshire",
    "London",
    "Hexham",
    "data",
    "policy",
    "me",
    "help",
    "list",
    "forget",
    "export",
    "until",
    "2026-12-01",
    "31/12/2026",
    "tomorrow",
    "0",
    "-1",
    "99999999999999999999",
    "NaN",
    "Infinity",
)
PLACE_NAMES = ("Leeds", "Cardiff", "Yorkshire", "Hexham", "Bristol", "Glasgow", "Wales")
ATOMS = (MENTIONS, CONTROL, BIDI, EMOJI, SQLISH, JSONISH, MARKUP, WORDS)
ATOM_WEIGHTS = (6, 1, 1, 1, 1, 1, 1, 3)

# What the three commands understand, `{}` standing for some text.
VERBS: dict[str, tuple[str, ...]] = {
    Command.WHOSWHO: ("", "help", "me", "forget", "export", "{}", "Leeds {}", "{} {}"),
    Command.EVENT: (
        "",
        "help",
        "list",
        "list {}",
        "link {}",
        "unlink",
        "channels",
        "feedback",
        "feedback {}",
        "{}",
    ),
    Command.MENTORING: (
        "",
        "help",
        "status",
        "me",
        "pause",
        "pause until {}",
        "pause {}",
        "resume",
        "leave",
        "match",
        "match {}",
        "close",
        "close {}",
        "groups",
        "groups {}",
        "{}",
    ),
}
CHANNELS = ("C0GENERAL", "C0HOSTILE", "G0PRIVATE", "D0DIRECT", "")

# Request kinds and how often each is sent (weights).
KIND_WEIGHTS = {"command": 30, "view": 30, "action": 28, "suggestion": 4, "event": 8}


# The generator ----------------------------------------------------------------------------------


@dataclass
class Request:
    kind: str  # e.g. "command /event", "view event.submit", "action event.going"
    summary: str  # what was sent, briefly, for examples
    send: Callable[[SlackClient, str], Response]  # (client, response_url) -> answer


@dataclass
class FormShape:
    """A form's inputs as its view shows them, and the private metadata it carried."""

    callback_id: str
    inputs: list[tuple[str, dict[str, Any]]]  # (block_id, element)
    metadata: str = ""


@dataclass
class Harvest:
    """What the app showed people, to click and submit: buttons, menus and forms."""

    elements: dict[str, list[tuple[dict[str, Any], dict[str, Any] | None]]] = field(
        default_factory=dict
    )  # base action id -> (element, the view it was in, if any)
    forms: dict[str, list[FormShape]] = field(default_factory=dict)
    event_ids: set[int] = field(default_factory=set)

    def add_payload(self, payload: Any) -> None:
        """A message (its buttons were clicked in a message) or a view call or answer."""
        for view in _views_in(payload):
            self.add_view(view)
        if isinstance(payload, dict):
            payload = {key: value for key, value in payload.items() if key != "view"}
        for element in _elements(payload):
            self._keep(element, None)

    def add_view(self, view: dict[str, Any]) -> None:
        for element in _elements(view):
            self._keep(element, view)
        callback = view.get("callback_id")
        if not isinstance(callback, str):
            return
        inputs = [
            (str(block.get("block_id")), block["element"])
            for block in view.get("blocks") or []
            if isinstance(block, dict)
            and block.get("type") == "input"
            and isinstance(block.get("element"), dict)
        ]
        metadata = view.get("private_metadata")
        shape = FormShape(callback, inputs, metadata if isinstance(metadata, str) else "")
        shapes = self.forms.setdefault(callback, [])
        shapes.append(shape)
        del shapes[:-20]
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            found = json.loads(shape.metadata).get("event_id")
            if isinstance(found, int):
                self.event_ids.add(found)

    def _keep(self, element: dict[str, Any], view: dict[str, Any] | None) -> None:
        action_id = element.get("action_id")
        if not isinstance(action_id, str):
            return
        head, _, tail = action_id.rpartition(".")
        base = head if head and tail.isdigit() else action_id
        kept = self.elements.setdefault(base, [])
        kept.append((element, view))
        del kept[:-30]
        value = element.get("value")
        if base in {ActionId.EVENT_GOING, ActionId.EVENT_DETAILS} and str(value).isdigit():
            self.event_ids.add(int(str(value)))


def _views_in(payload: Any) -> Iterator[dict[str, Any]]:
    if isinstance(payload, dict):
        view = payload.get("view")
        if isinstance(view, str):
            with contextlib.suppress(ValueError):
                view = json.loads(view)
        if isinstance(view, dict):
            yield view


def _elements(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, str) and node.startswith("["):
        with contextlib.suppress(ValueError):
            node = json.loads(node)
    if isinstance(node, dict):
        if node.get("type") == "input":
            # A form's input: Slack sends its value with the submission, not as a click
            # (unless it asks to dispatch actions).
            element = node.get("element")
            if isinstance(element, dict) and element.get("dispatch_action"):
                yield element
            return
        if isinstance(node.get("action_id"), str):
            yield node
        for value in node.values():
            yield from _elements(value)
    elif isinstance(node, list):
        for value in node:
            yield from _elements(value)


class Generator:
    """Hostile requests, the same ones for the same seed (and the same app answers)."""

    def __init__(
        self,
        seed: int,
        now: Callable[[], datetime],
        place_ids: list[int],
        team: str = TEAM,
        *,
        off_schema: bool = True,
    ) -> None:
        self.rng = random.Random(seed)
        self.team = team
        self.off_schema = off_schema  # also Events API shapes Slack's schema rules out
        self.now = now
        self.place_ids = place_ids
        self.harvest = Harvest()
        self._start: int | None = None  # the start time the form being filled in has

    # Text ------------------------------------------------------------------------------------

    def atom(self) -> str:
        group = self.rng.choices(ATOMS, weights=ATOM_WEIGHTS)[0]
        piece = self.rng.choice(group)
        return piece.replace("{date}", str(int(self.now().timestamp())))

    def noise(self, length: int) -> str:
        """Random characters from all over Unicode (no lone surrogates: JSON can't carry them)."""
        out = []
        for _ in range(length):
            code = self.rng.choice(
                (
                    self.rng.randint(0x20, 0x7E),
                    self.rng.randint(0, 0x1F),
                    self.rng.randint(0xA0, 0x2FFF),
                    self.rng.randint(0xE000, 0xFFFD),
                    self.rng.randint(0x1F300, 0x1FAFF),
                )
            )
            out.append(chr(code))
        return "".join(out)

    def text(self, limit: int | None = None) -> str:
        """Hostile text; within `limit` characters when given (mostly), huge now and then."""
        roll = self.rng.random()
        if roll < 0.03:
            size = self.rng.choice((3001, 5001, 40_001))
            filler = self.rng.choice(("A", "<!channel>", "<@U0HOSTILE5>", "💥", "&", "\u202e"))
            found = (filler * (size // len(filler) + 1))[:size]
        elif roll < 0.13:
            found = self.noise(self.rng.randint(1, 60))
        else:
            count = self.rng.randint(1, 8)
            glue = self.rng.choice((" ", "", "\n", ", ", "  "))
            found = glue.join(self.atom() for _ in range(count))
        if limit is not None and roll >= 0.03:
            found = found[:limit]
        return found

    def place_text(self) -> str:
        return self.rng.choice((*PLACE_NAMES, self.text(40)))

    def actor(self) -> str:
        return ADMIN if self.rng.random() < 0.3 else self.rng.choice(MEMBERS)

    def odd_value(self) -> Any:
        return self.rng.choice(
            (None, 0, -1, 10**20, 1.5, True, [], {}, ["x"], {"value": "<!here>"}, "", " ")
        )

    # Requests --------------------------------------------------------------------------------

    def request(self) -> Request:
        kind = self.rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        return {
            "command": self.command,
            "view": self.view_submission,
            "action": self.block_action,
            "suggestion": self.suggestion,
            "event": self.event,
        }[kind]()

    def command(self) -> Request:
        command = self.rng.choice(list(VERBS))
        verb = self.rng.choice(VERBS[command])
        pieces = verb.split("{}")
        typed = pieces[0] + "".join(self.text() + piece for piece in pieces[1:])
        if self.rng.random() < 0.1:
            typed = typed.upper()
        if self.rng.random() < 0.1:
            typed = f"  {typed}\t "
        user = self.actor()
        channel = self.rng.choice(CHANNELS)

        def send(slack: SlackClient, url: str) -> Response:
            return slack.command(command, typed, user_id=user, channel_id=channel, response_url=url)

        return Request(f"command {command}", f"{command} {typed!r}"[:300], send)

    # Forms -------------------------------------------------------------------------------------

    def element_state(self, block_id: str, element: dict[str, Any], mutate: bool) -> Any:
        """The state Slack would send for `element`: valid, or (when `mutate`) hostile."""
        kind = str(element.get("type"))
        state: dict[str, Any] = {"type": kind}
        if mutate and self.rng.random() < 0.25:
            state.update(value=self.odd_value(), selected_option=self.odd_value())
        elif kind in {"plain_text_input", "email_text_input", "url_text_input", "number_input"}:
            state["value"] = self._typed(block_id, kind, element, mutate)
        elif kind in {"static_select", "external_select", "radio_buttons"}:
            state["selected_option"] = self._one_option(element, mutate)
        elif kind in {"multi_static_select", "checkboxes", "multi_external_select"}:
            chosen = self._many_options(element, mutate)
            state["selected_options"] = [{"text": _plain(v[:75]), "value": v} for v in chosen]
        elif kind == "datetimepicker":
            moment: Any = self._moment(block_id)
            if mutate:
                moment = self.rng.choice(
                    (None, -1, 0, 10**13, moment + 0.5, str(moment), "<!here>", moment - 10**7)
                )
            state["selected_date_time"] = moment
        elif kind == "datepicker":
            day = (self.now() + timedelta(days=self.rng.randint(-5, 60))).date().isoformat()
            state["selected_date"] = self.text(20) if mutate else day
        elif kind.startswith(("multi_conversations", "multi_channels", "multi_users")):
            key = "selected_" + kind.split("_", 1)[1].removesuffix("_select")
            picked = ["C0GENERAL"] if self.rng.random() < 0.3 else []
            if mutate:
                picked = [self.text(30), "C0HOSTILE", "G0PRIVATE", "<!channel>"]
            state[key] = picked
        else:
            state["value"] = self.text(200) if mutate else None
        return state

    def _typed(self, block_id: str, kind: str, element: dict[str, Any], mutate: bool) -> Any:
        limit = element.get("max_length")
        if not mutate:
            return self._valid_text(block_id, kind, limit)
        roll = self.rng.random()
        if roll < 0.6:
            return self.text(limit if isinstance(limit, int) else 150)
        if roll < 0.75:
            return self.text() + "x" * int(limit or 3000)  # over the box's own limit
        return None if roll < 0.9 else self.odd_value()

    def _one_option(self, element: dict[str, Any], mutate: bool) -> Any:
        choices = _option_values(element) or [str(p) for p in self.place_ids]
        value = self.rng.choice(choices) if choices else None
        if mutate:
            if self.rng.random() < 0.2:
                return self.odd_value()
            value = self.rng.choice((None, self.text(150), self.text(), str(10**15), "-1"))
        return None if value is None else {"text": _plain(str(value)[:75]), "value": value}

    def _many_options(self, element: dict[str, Any], mutate: bool) -> list[str]:
        options = _option_values(element)
        chosen = self.rng.sample(options, self.rng.randint(0, len(options))) if options else []
        if mutate:
            chosen = [*chosen, *(self.text(150) for _ in range(self.rng.randint(1, 3)))]
            if self.rng.random() < 0.1:
                chosen = chosen * 200
        return chosen

    def _valid_text(self, block_id: str, kind: str, limit: Any) -> str | None:
        size = limit if isinstance(limit, int) else 150
        if "capacity" in block_id or kind == "number_input":
            return self.rng.choice(("", "12", "200"))
        if "url" in block_id or kind == "url_text_input":
            return self.rng.choice(
                ("https://example.org/m", "https://example.org/?q=<!here>", "https://x.example/")
            )
        if "title" in block_id:
            return self.text(min(size, 80)) or "Meet-up"
        return self.text(size) if self.rng.random() < 0.8 else None

    def _moment(self, block_id: str) -> int:
        """A start some hours or days ahead; an end two hours after the form's start."""
        if block_id.endswith("end") and self._start is not None:
            return self._start + 2 * 3600
        start = self.now() + timedelta(days=self.rng.randint(0, 9), hours=self.rng.randint(1, 12))
        self._start = int(start.replace(minute=0, second=0, microsecond=0).timestamp())
        return self._start

    def view_submission(self) -> Request:
        callback = self.rng.choice(list(CallbackId))
        shapes = self.harvest.forms.get(callback) or [FormShape(callback, [])]
        shape = self.rng.choice(shapes)
        mutate_rate = self.rng.choice((0.0, 0.2, 0.5, 1.0))
        self._start = None
        values: dict[str, Any] = {}
        for block_id, element in shape.inputs:
            if self.rng.random() < 0.05 * mutate_rate:
                continue  # a block missing
            action_id = str(element.get("action_id"))
            mutate = self.rng.random() < mutate_rate
            values.setdefault(block_id, {})[action_id] = self.element_state(
                block_id, element, mutate
            )
        metadata = self._metadata(shape)
        state: Any = {"values": values}
        roll = self.rng.random()
        if roll < 0.03:
            state = self.odd_value()
        elif roll < 0.06:
            state = {"values": self.odd_value()}
        elif roll < 0.09 and values:
            state = {"values": {key: self.odd_value() for key in values}}
        user = self.actor()
        if callback.startswith("event.") and self.rng.random() < 0.8:
            user = ADMIN  # the organiser who opened the form, mostly

        def send(slack: SlackClient, url: str) -> Response:
            del url
            payload = {
                "type": "view_submission",
                "team": {"id": slack.team_id, "domain": "example"},
                "user": {"id": user, "username": user.lower(), "team_id": slack.team_id},
                "api_app_id": slack.api_app_id,
                "token": "deprecated-verification-token",
                "trigger_id": f"trigger.{time.monotonic_ns()}",
                "is_enterprise_install": False,
                "view": {
                    "id": "V0MODAL",
                    "team_id": slack.team_id,
                    "type": "modal",
                    "callback_id": callback,
                    "private_metadata": metadata,
                    "state": state,
                    "hash": "1700000000.abcdef",
                    "app_id": slack.api_app_id,
                },
                "response_urls": [],
            }
            return _post_payload(slack, payload)

        summary = f"{callback} metadata={metadata[:80]!r} state={json.dumps(state)[:200]}"
        return Request(f"view {callback}", summary, send)

    def _metadata(self, shape: FormShape) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return shape.metadata
        ids = sorted(self.harvest.event_ids) or [1]
        candidates = (
            "",
            "{}",
            self.text(100),
            json.dumps({"event_id": self.rng.choice(ids), "tz": self.text(30)}),
            json.dumps({"event_id": self.rng.choice(ids), "tz": "Europe/London"}),
            json.dumps({"event_id": str(self.rng.choice(ids))}),
            json.dumps({"event_id": 2**70}),
            json.dumps({"p": self.rng.randint(-2, 40), "c": self.text(20), "t": self.text(20)}),
            json.dumps({"p": self.rng.randint(1, 40), "h": 1}),
            json.dumps({"p": True}),
            json.dumps([1, 2, 3]),
            "x" * 4000,
            json.dumps({"mentoring": True, "next": self.text(30)}),
        )
        return self.rng.choice(candidates)

    # Buttons -----------------------------------------------------------------------------------

    def block_action(self) -> Request:
        """A click: on a button (or menu) the app really showed, where it showed it (a message,
        a modal or the Home tab), its value kept or mutated; or on any ActionId with a forged
        value, in a message or in a view the app showed that action in. (Slack only sends
        clicks on elements an app rendered, from the surface it rendered them in.)"""
        harvested = self.harvest.elements
        if harvested and self.rng.random() < 0.6:
            base = self.rng.choice(sorted(harvested))
            if base == ActionId.FORGET_CONFIRM and self.rng.random() < 0.8:
                # Erasures kept rarer, so what was saved stays around to be shown again.
                base = self.rng.choice(sorted(harvested))
            element, view = self.rng.choice(harvested[base])
            element = dict(element)
            if self.rng.random() < 0.3:
                element["value"] = self._mutated(element.get("value"))
            action_id = str(element.get("action_id"))
        else:
            action: ActionId = self.rng.choice(list(ActionId))
            action_id = str(action)
            if self.rng.random() < 0.2:
                action_id = f"{action_id}.{self.rng.randint(0, 30)}"
            element = {"type": "button", "text": _plain("Button"), "value": self._forged_value()}
            if self.rng.random() < 0.2:
                element = {
                    "type": "overflow",
                    "selected_option": {"text": _plain("x"), "value": self._forged_value()},
                }
            shown_in = [v for _, v in harvested.get(action, []) if v is not None]
            shown_elsewhere = any(v is None for _, v in harvested.get(action, []))
            view = None
            if shown_in and (not shown_elsewhere or self.rng.random() < 0.5):
                view = self.rng.choice(shown_in)
        element.pop("action_id", None)
        is_menu = element.get("type") in {"overflow", "static_select"}
        if is_menu and "selected_option" not in element:
            choices = _option_values(element) or [self._forged_value()]
            element["selected_option"] = {"text": _plain("x"), "value": self.rng.choice(choices)}
        value = element.pop("value", None)
        value = value if isinstance(value, str) or value is None else json.dumps(value)
        user = self.actor()
        in_view = None
        if view is not None:
            in_view = {
                "type": view.get("type") or "modal",
                "callback_id": view.get("callback_id", ""),
                "private_metadata": view.get("private_metadata", ""),
                "state": {"values": {}},
                "hash": "1700000000.abcdef",
            }
        block_id = self.rng.choice(("block", "b.1", "x" * 255))

        def send(slack: SlackClient, url: str) -> Response:
            return slack.block_action(
                action_id,
                value=value,
                block_id=block_id,
                user_id=user,
                response_url=url,
                view=in_view,
                action=element,
            )

        where = f" in a {in_view['type']} view" if in_view else ""
        shown = json.dumps(element)[:150]
        summary = f"{action_id}{where} value={value!r:.200} element={shown}"
        return Request(f"action {_base(action_id)}", summary, send)

    def _forged_value(self) -> str:
        ids = sorted(self.harvest.event_ids) or [1]
        some_id = self.rng.choice(ids)
        return self.rng.choice(
            (
                str(some_id),
                f"edit:{some_id}",
                f"cancel:{some_id}",
                f"link:{some_id}",
                f"{some_id}:{self.rng.randint(-1, 7)}",
                f"{self.rng.randint(1, 30)}:form",
                f"{self.rng.randint(1, 9)}:1:yes:{self.rng.choice(ACTORS)}",
                f"{self.rng.randint(1, 9)}:1:yes:U0HOSTILE6",
                '{"p": 1, "n": 2}',
                '{"r": "TLE", "n": 99999}',
                '{"p": 1, "r": "x", "t": ["<!channel>"], "n": 1}',
                "0",
                "-5",
                str(10**30),
                self.text(100),
                self.text(),
            )
        )

    def _mutated(self, value: Any) -> str:
        text_ = value if isinstance(value, str) else ""
        return self.rng.choice(
            (
                text_ + self.text(20),
                self.text(20) + text_,
                re.sub(r"\d+", lambda _: str(self.rng.randint(-5, 10**12)), text_),
                text_[: len(text_) // 2],
                text_ * 3,
                self.text(),
            )
        )

    # Typeahead and events ----------------------------------------------------------------------

    def suggestion(self) -> Request:
        action_id = self.rng.choice((ActionId.PLACE_SELECT, ActionId.EVENT_PLACE_SELECT))
        typed = self.text(self.rng.choice((2, 20, 150, 5000)))
        user = self.actor()

        def send(slack: SlackClient, url: str) -> Response:
            del url
            return slack.block_suggestion(action_id, typed, user_id=user)

        return Request(f"suggestion {action_id}", f"{action_id} {typed!r:.200}", send)

    def event(self) -> Request:
        if self.rng.random() < 0.5:
            return self._home_opened()
        return self._user_change()

    def _home_opened(self) -> Request:
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": self.actor(),
            "channel": "D0HOME",
            "tab": self.rng.choice(("home", "home", "messages", "about", "", None, 7)),
            "event_ts": f"{time.time():.6f}",
        }
        if self.rng.random() < 0.2:
            event["view"] = {"id": "V0HOME", "callback_id": self.text(30), "hash": self.text(10)}
        if self.rng.random() < 0.1:
            del event["tab"]
        kind = "event app_home_opened"
        if self.rng.random() < 0.3:
            event["user"] = self.rng.choice(("", " ", self.text(30)))
            if self.off_schema and self.rng.random() < 0.5:
                # Slack's schema says a string; Bolt reads the body before anything else.
                event["user"] = self.odd_value()
                kind += " (off-schema user)"
        return self._event_request(kind, event)

    def _user_change(self) -> Request:
        user: dict[str, Any] = {"id": self.actor(), "team_id": self.team}
        fields: dict[str, Callable[[], Any]] = {
            "deleted": lambda: self.rng.choice((True, False, "yes", None, 1, self.text(10))),
            "is_bot": lambda: self.rng.choice((True, False, None, "no")),
            "tz": lambda: self.rng.choice(("Europe/London", "Mars/Olympus", self.text(40), 5)),
            "real_name": self.text,
            "name": lambda: self.text(30),
            "profile": lambda: self.rng.choice(
                (
                    {"real_name": self.text(), "display_name": self.text(), "title": self.text()},
                    [],
                    None,
                    self.text(20),
                    {"email": self.text(30)},
                )
            ),
            "team_id": lambda: self.rng.choice((self.team, "T0OTHER", None, 7)),
            "is_restricted": lambda: self.rng.choice((True, False)),
            "enterprise_user": lambda: self.rng.choice(({"id": "W0X"}, None, [])),
        }
        for name in self.rng.sample(list(fields), self.rng.randint(0, len(fields))):
            user[name] = fields[name]()
        roll = self.rng.random()
        if roll < 0.1:
            user["id"] = self.odd_value()
        body_user: Any = user
        kind = "event user_change"
        if self.off_schema and roll > 0.95:
            body_user = self.odd_value()  # Slack's schema says an object
            kind += " (off-schema user)"
        return self._event_request(kind, {"type": "user_change", "user": body_user})

    def _event_request(self, kind: str, event: dict[str, Any]) -> Request:
        event.setdefault("event_ts", f"{time.time():.6f}")

        def send(slack: SlackClient, url: str) -> Response:
            del url
            return slack.event(event)

        return Request(kind, json.dumps(event, ensure_ascii=False)[:300], send)


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text or " ", "emoji": True}


def _base(action_id: str) -> str:
    head, _, tail = action_id.rpartition(".")
    return head if head and tail.isdigit() else action_id


def _option_values(element: dict[str, Any]) -> list[str]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return [str(item["value"]) for item in options if isinstance(item, dict) and "value" in item]


def _post_payload(slack: SlackClient, payload: dict[str, Any]) -> Response:
    body = urlencode({"payload": json.dumps(payload)})
    return slack.post(body, "application/x-www-form-urlencoded")


# Scanning ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    where: str  # the method (or "answer to <kind>") and the path in its payload
    mention: str
    text: str  # around it
    request: str  # the request that most likely caused it


def _loaded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in {"[", "{"}:
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value


def rendered_texts(payload: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(path, text, parsed for mentions) for every text in a payload people read: mrkdwn
    objects, a message's top-level `text` and attachments' texts are parsed for mentions;
    plain_text objects are shown as typed."""
    for key in ("blocks", "view", "attachments"):
        if key in payload:
            payload = {**payload, key: _loaded(payload[key])}
    if isinstance(payload.get("text"), str):
        yield ".text", payload["text"], True
    stack: list[tuple[str, Any]] = [("", payload)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            kind = node.get("type")
            text = node.get("text")
            if isinstance(text, str) and kind in {"mrkdwn", "plain_text"}:
                yield path, text, kind == "mrkdwn"
            for key in ("pretext", "fallback", "footer"):
                if isinstance(node.get(key), str):
                    yield f"{path}.{key}", node[key], True
            stack.extend((f"{path}.{key}", value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((f"{path}[{index}]", value) for index, value in enumerate(node))


def live_mentions(
    payload: dict[str, Any], people: frozenset[str], *, link_names: bool = False
) -> list[tuple[str, str, str]]:
    """(path, mention, context) for each live mention in what `payload` shows."""
    found = []
    for path, text, parsed in rendered_texts(payload):
        if not parsed:
            continue
        matches = [
            *SPECIAL_MENTION.finditer(text),
            *(m for m in USER_MENTION.finditer(text) if m.group(1) not in people),
            *(BARE_MENTION.finditer(text) if link_names else ()),
        ]
        found.extend((path, match.group(0), _around(text, match)) for match in matches)
    return found


def _around(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - 60) : match.end() + 60]


def _link_names(params: dict[str, Any]) -> bool:
    return str(params.get("link_names", "")).lower() in {"1", "true"}


# Running ----------------------------------------------------------------------------------------


class _ErrorLog(logging.Handler):
    """Keeps the records logged at ERROR or above while a run lasts."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Sent:
    index: int
    request: Request
    at: float  # time.monotonic() when sent
    status: int | None
    answer: str
    error: str = ""


@dataclass
class Report:
    sent: list[Sent]
    calls_scanned: Counter[str]
    findings: list[Finding]
    inert_escaped: int  # typed mentions escaped in mrkdwn: what the scan should find, inert
    inert_in_plain_text: int  # typed mentions shown as plain text: harmless, counted for interest
    errors_logged: list[str]
    apologies: list[str]
    violations: list[str]
    seconds: float
    stored: dict[str, int] = field(default_factory=dict)  # rows the workspace has, by table

    @property
    def statuses(self) -> Counter[str]:
        return Counter("no answer" if s.status is None else str(s.status) for s in self.sent)

    @property
    def server_errors(self) -> list[Sent]:
        return [s for s in self.sent if s.status is None or s.status >= 500]

    @property
    def ok(self) -> bool:
        return not (
            self.server_errors
            or self.findings
            or self.errors_logged
            or self.apologies
            or self.violations
        )


class HostileRun:
    """A run against an app being served: its loopback Slack, a signing client, its runtime
    and the clock the app reads."""

    def __init__(
        self,
        fake: FakeSlack,
        slack: SlackClient,
        runtime: Runtime,
        clock: FixedClock,
        *,
        seed: int,
        off_schema: bool = True,
    ) -> None:
        self.fake = fake
        self.slack = slack
        self.runtime = runtime
        self.clock = clock
        gazetteer = runtime.services.directory.gazetteer
        places = [gazetteer.read_query(name).place for name in PLACE_NAMES]
        self.generator = Generator(
            seed,
            clock.now,
            [p.id for p in places if p is not None],
            slack.team_id,
            off_schema=off_schema,
        )
        self._scanned_upto = 0

    def arrange(self) -> None:
        """The people, a linked channel, and every form as its builder makes it."""
        for user in ACTORS:
            self.fake.add_user(
                user,
                team_id=self.slack.team_id,
                real_name=f"Person {user}",
                is_admin=user == ADMIN,
            )
        harvest = self.generator.harvest
        events = self.runtime.services.events
        tz_metadata = FormContext(tz="Europe/London").model_dump_json()
        views: list[dict[str, Any]] = [
            profile_view(None, None),
            search_view(),
            signup_view(None),
            follow_up_view(1, None),
            _details_form(),
            {"callback_id": CallbackId.NOTICE, "blocks": []},
            {"callback_id": CallbackId.SEARCH_RESULTS, "blocks": []},
            {
                "callback_id": CallbackId.EVENT_CANCEL_SUBMIT,
                "private_metadata": '{"event_id": 1}',
                "blocks": [],
            },
        ]
        from handlers.events.blocks.form import event_form_view

        event_form = event_form_view(
            None, place_label=None, regions=events.regions(), now=self.clock.now()
        )
        views.append({**event_form, "private_metadata": tz_metadata})
        for view in views:
            harvest.add_view(view)
        for channel in ("C0GENERAL", "C0HOSTILE"):
            self.slack.command(Command.EVENT, "link Yorkshire", user_id=ADMIN, channel_id=channel)

    def run(self, total: int, *, rounds: int = 4, progress: bool = False) -> Report:
        errors = _ErrorLog()
        root = logging.getLogger()
        level = root.level
        if root.getEffectiveLevel() > logging.ERROR:
            root.setLevel(logging.ERROR)
        root.addHandler(errors)
        started = time.monotonic()
        sent: list[Sent] = []
        try:
            self.arrange()
            self.settle()
            self._harvest()
            per_round = max(1, -(-total // rounds))
            index = 0
            while index < total:
                for _ in range(min(per_round, total - index)):
                    sent.append(self._send(index))
                    index += 1
                    if index % 25 == 0:
                        self._harvest()  # what has arrived: the buttons to click next
                    if progress and index % 1000 == 0:
                        print(f"  {index:,} sent", flush=True)
                self.settle()
                self.move_time(days=3)
                self._harvest()
        finally:
            root.removeHandler(errors)
            root.setLevel(level)
        return self.report(sent, errors.records, time.monotonic() - started)

    def _send(self, index: int) -> Sent:
        request = self.generator.request()
        url = self.fake.response_url(f"hostile-{index}")
        at = time.monotonic()
        try:
            answer = request.send(self.slack, url)
        except OSError as error:
            return Sent(index, request, at, None, "", f"{type(error).__name__}: {error}")
        with contextlib.suppress(ValueError):
            self.generator.harvest.add_payload(answer.json())
        return Sent(index, request, at, answer.status, answer.body)

    def settle(self, *, limit: float = SETTLE_LIMIT) -> None:
        """Wait until the work that follows the acks is done: no new call for a while."""
        deadline = time.monotonic() + limit
        seen, since = len(self.fake.calls), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.fake.calls)
            if now != seen:
                seen, since = now, time.monotonic()
            elif time.monotonic() - since >= SETTLE_QUIET:
                return

    def move_time(self, *, days: int) -> None:
        """Let days pass a few hours at a time, running the scheduler's work as it would."""
        services = self.runtime.services
        for _ in range(days * 4):
            self.clock.advance(hours=6)
            services.feedback.tick()
            services.mentoring.tick()
            services.outbox.drain_due()
        self.settle()

    def _harvest(self) -> None:
        with self.fake._lock:
            calls = self.fake.calls[self._scanned_upto :]
            self._scanned_upto = len(self.fake.calls)
        for call in calls:
            if call.method in SCANNED and not call.failed:
                self.generator.harvest.add_payload(call.params)

    # Reporting ---------------------------------------------------------------------------------

    def report(self, sent: list[Sent], records: list[logging.LogRecord], seconds: float) -> Report:
        people = frozenset((*self.fake.users, self.fake.bot_user_id, self.slack.user_id))
        with self.fake._lock:
            calls = list(self.fake.calls)
            violations = list(self.fake.violations)
        by_path = {f"hostile-{s.index}": s for s in sent}
        times = [s.at for s in sent]
        findings: list[Finding] = []
        scanned: Counter[str] = Counter()
        escaped = plain = 0
        apology = t("errors.generic", ref="").split(".", 1)[0]
        apologies = []
        for call in calls:
            if call.method not in SCANNED:
                continue
            scanned[call.method] += 1
            cause = self._cause(call, by_path, sent, times)
            for path, mention, around in live_mentions(
                call.params, people, link_names=_link_names(call.params)
            ):
                findings.append(Finding(f"{call.method} {path}", mention, around, cause))
            more_escaped, more_plain = _inert_count(call.params)
            escaped, plain = escaped + more_escaped, plain + more_plain
            if apology in json.dumps(call.params, ensure_ascii=False):
                apologies.append(f"{call.method}: {json.dumps(call.params)[:200]} <- {cause}")
        for item in sent:
            with contextlib.suppress(ValueError):
                answer = json.loads(item.answer) if item.answer.strip() else {}
                if isinstance(answer, dict):
                    scanned["answers"] += 1
                    for path, mention, around in live_mentions(answer, people):
                        where = f"answer to {item.request.kind} {path}"
                        findings.append(Finding(where, mention, around, item.request.summary))
                    more_escaped, more_plain = _inert_count(answer)
                    escaped, plain = escaped + more_escaped, plain + more_plain
            if apology in item.answer:  # a form answered with the apology in its place
                apologies.append(f"answer: {item.answer[:200]} <- {item.request.summary}")
        errors = [
            f"{record.getMessage()} {_exception_line(record)}".strip()[:400] for record in records
        ]
        return Report(
            sent,
            scanned,
            findings,
            escaped,
            plain,
            errors,
            apologies,
            violations,
            seconds,
            self._stored(),
        )

    def _stored(self) -> dict[str, int]:
        """Rows of the workspace in each table: what the hostile input got saved."""
        from sqlalchemy import func, select

        from storage.models import Base

        found = {}
        with self.runtime.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                if "team_id" in table.c:
                    query = select(func.count()).where(table.c.team_id == self.slack.team_id)
                    found[table.name] = int(connection.scalar(query) or 0)
        return {name: count for name, count in found.items() if count}

    @staticmethod
    def _cause(call: Call, by_path: dict[str, Sent], sent: list[Sent], times: list[float]) -> str:
        path = str(call.params.get("_path", ""))
        if path in by_path:
            return by_path[path].request.summary
        import bisect

        position = bisect.bisect_right(times, call.at) - 1
        if position < 0:
            return "(before the generated requests)"
        return f"(after) {sent[position].request.summary}"


ESCAPED_MENTION = re.compile(r"&lt;(?:!(?:channel|here|everyone|subteam)|@[UW]0HOSTILE)")


def _inert_count(payload: dict[str, Any]) -> tuple[int, int]:
    """Typed mentions made inert: escaped in mrkdwn, and shown as typed in plain_text (which
    Slack never parses for mentions). Not findings: they show the scan had something to see."""
    escaped = plain = 0
    for _, text, parsed in rendered_texts(payload):
        if parsed:
            escaped += len(ESCAPED_MENTION.findall(text))
        elif SPECIAL_MENTION.search(text) or USER_MENTION.search(text):
            plain += 1
    return escaped, plain


def _exception_line(record: logging.LogRecord) -> str:
    if not record.exc_info or record.exc_info[1] is None:
        return ""
    error = record.exc_info[1]
    return f"[{type(error).__name__}: {error}]"


def _details_form() -> dict[str, Any]:
    """The feedback form's inputs (its builder needs a prompt; its inputs do not)."""
    radio = {
        "type": "radio_buttons",
        "action_id": InputId.FEEDBACK_RATING,
        "options": [{"value": str(r)} for r in RATINGS],
    }
    agreement = [{"value": a.value} for a in Agreement]
    blocks = [
        {"type": "input", "block_id": BlockId.FEEDBACK_RATING, "element": radio},
        *(
            {
                "type": "input",
                "block_id": measure_block(measure.value),
                "element": {
                    "type": "radio_buttons",
                    "action_id": InputId.FEEDBACK_MEASURE,
                    "options": agreement,
                },
            }
            for measure in MEASURES
        ),
        *(
            {
                "type": "input",
                "block_id": block,
                "element": {"type": "plain_text_input", "action_id": action, "max_length": 1500},
            }
            for block, action in (
                (BlockId.FEEDBACK_WORKED, InputId.FEEDBACK_WORKED),
                (BlockId.FEEDBACK_BETTER, InputId.FEEDBACK_BETTER),
            )
        ),
        {
            "type": "input",
            "block_id": BlockId.FEEDBACK_ANONYMOUS,
            "element": {
                "type": "checkboxes",
                "action_id": InputId.FEEDBACK_ANONYMOUS,
                "options": [{"value": ANONYMOUS}],
            },
        },
    ]
    return {
        "callback_id": CallbackId.FEEDBACK_DETAILS_SUBMIT,
        "private_metadata": '{"p": 1}',
        "blocks": blocks,
    }


# Printing ---------------------------------------------------------------------------------------


def print_report(report: Report, args: argparse.Namespace) -> None:
    sent = report.sent
    print(
        f"\n{len(sent):,} generated requests (seed {args.seed}) in {report.seconds:.0f}s, "
        f"to the app on {args.label}"
    )
    print(
        "\nRequests by kind                         sent    2xx    4xx    5xx  no answer"
        "  form errors"
    )
    kinds = sorted({s.request.kind for s in sent})
    for kind in kinds:
        mine = [s for s in sent if s.request.kind == kind]
        counts = Counter(_status_class(s.status) for s in mine)
        refused = sum(1 for s in mine if _refused(s.answer))
        print(
            f"  {kind:<38}{len(mine):>5}{counts['2xx']:>7}{counts['4xx']:>7}{counts['5xx']:>7}"
            f"{counts['none']:>11}{refused if kind.startswith('view') else '':>13}"
        )
    print(f"\nAnswers by status: {dict(sorted(report.statuses.items()))}")
    print(f"5xx or no answer: {len(report.server_errors)} (target 0)")
    for item in report.server_errors[:5]:
        print(f"    e.g. {item.status} {item.error} <- {item.request.summary[:300]!r}")

    print(
        "\nScanned for live mentions: "
        + ", ".join(f"{method} {n:,}" for method, n in sorted(report.calls_scanned.items()))
    )
    print(f"Live mentions found: {len(report.findings)} (target 0)")
    for finding in report.findings[:8]:
        print(
            f"    e.g. {finding.mention!r} in {finding.where}: …{finding.text!r}…\n"
            f"         from {finding.request[:300]!r}"
        )
    print(
        f"Typed mentions made inert: {report.inert_escaped:,} escaped in mrkdwn "
        f"(&lt;!channel&gt; and the like); {report.inert_in_plain_text:,} shown as typed in "
        "plain_text, which Slack does not parse for mentions"
    )
    print(f"\nErrors the app logged: {len(report.errors_logged)} (target 0)")
    for line in report.errors_logged[:5]:
        print(f"    e.g. {line}")
    print(f"Apologies people saw (unexpected errors): {len(report.apologies)} (target 0)")
    for line in report.apologies[:5]:
        print(f"    e.g. {line[:300]}")
    print(f"Block Kit the loopback Slack refused: {len(report.violations)} (target 0)")
    for line in report.violations[:5]:
        print(f"    e.g. {line[:300]}")
    print(
        "\nSaved from the hostile input and shown again (rows of the workspace): "
        + ", ".join(f"{name} {count:,}" for name, count in report.stored.items())
    )
    print(f"\n{'PASS' if report.ok else 'MISS'}")


def _refused(answer: str) -> bool:
    """Whether a form's answer was its inline errors."""
    with contextlib.suppress(ValueError):
        body = json.loads(answer) if answer.strip() else {}
        return isinstance(body, dict) and body.get("response_action") == "errors"
    return False


def _status_class(status: int | None) -> str:
    return "none" if status is None else f"{status // 100}xx"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.hostile_input",
        description="Hostile generated input against the real app: no 5xx, no live mentions.",
    )
    parser.add_argument("-n", "--requests", type=int, default=10_000, help="default 10,000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=5, help="time moves on between rounds")
    parser.add_argument("--database-url", help="a scratch database (default: a SQLite file)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from bot.app import build_runtime
    from bot.config import Settings
    from bot.server import WhoswhoWsgi
    from storage.db import make_engine
    from storage.migrate import upgrade
    from tests.support.clock import FixedClock
    from tests.support.fake_slack import FakeSlack
    from tests.support.slack_client import SlackClient
    from tests.support.wsgi_server import serve_wsgi

    scratch = Path(tempfile.mkdtemp(prefix="whoswho-hostile-"))
    # The report says what the app logged at ERROR; nothing else is printed while it runs.
    logging.getLogger().addHandler(logging.NullHandler())
    try:
        with FakeSlack(team_id=TEAM) as fake:
            settings = Settings(
                _env_file=None,
                slack_bot_token="xoxb-hostile-token",  # noqa: S106 - loopback only
                slack_signing_secret="hostile-signing-secret",  # noqa: S106
                slack_api_url=fake.base_url,
                database_url=args.database_url or f"sqlite:///{scratch / 'hostile.db'}",
                scheduler_enabled=False,
            )
            url = settings.database_url
            args.label = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
            upgrade(url)
            engine = make_engine(url)
            clock = FixedClock(datetime.now(UTC).replace(microsecond=0))
            runtime = build_runtime(settings, clock=clock, engine=engine)
            try:
                with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
                    slack = SlackClient(
                        base_url,
                        "hostile-signing-secret",
                        team_id=TEAM,
                        user_id=ADMIN,
                        response_url_factory=fake.response_url,
                    )
                    run = HostileRun(fake, slack, runtime, clock, seed=args.seed)
                    print(f"Sending {args.requests:,} generated requests", flush=True)
                    # The HTTP server prints a traceback for each request that failed: counted.
                    with contextlib.redirect_stderr(io.StringIO()) as printed:
                        report = run.run(args.requests, rounds=args.rounds, progress=True)
            finally:
                if args.database_url:
                    _clean_up(engine)
                engine.dispose()
        print_report(report, args)
        tracebacks = [
            block.strip().splitlines()[-1]
            for block in printed.getvalue().split("Traceback (most recent call last):")[1:]
        ]
        print(f"Tracebacks the HTTP server printed: {len(tracebacks)}")
        for line, count in Counter(tracebacks).most_common(3):
            print(f"    {count} x {line[:200]}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if report.ok else 1


def _clean_up(engine: Any) -> None:
    from sqlalchemy import delete, select

    from storage.models import Base, EventRow, RsvpRow

    with engine.begin() as connection:
        team_events = select(EventRow.id).where(EventRow.team_id == TEAM)
        connection.execute(delete(RsvpRow).where(RsvpRow.event_id.in_(team_events)))
        for table in reversed(Base.metadata.sorted_tables):
            if "team_id" in table.c:
                connection.execute(delete(table).where(table.c.team_id == TEAM))


if __name__ == "__main__":
    raise SystemExit(main())
