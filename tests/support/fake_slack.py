"""A loopback stand-in for Slack's Web API, and the host of every `response_url`.

It listens on 127.0.0.1 on a port the system picks, records every call (method, parameters,
whether it failed), answers in the shapes Slack's API reference documents, refuses Block Kit
that breaks Slack's published limits (as Slack does, with `invalid_blocks`), and can be told to
answer the next call of a method with a 429 and Retry-After, or a 5xx, or answer a method (or
every one) only after a delay (`slow`), holding its calls until then or until released.
Like Slack, it answers `missing_scope` to a call whose token was not granted the method's scope
(slack_scopes.py); every token gets the manifest's bot scopes unless a test grants fewer.

For scheduled messages it also keeps what chat.postMessage posted (with its metadata) and
answers `conversations.history` from it, can throttle posting as Slack does (a rate per
channel and a cap per minute for the workspace, answered 429 with Retry-After), and can
misbehave at random (5xx before a post, or after it with the answer lost, and bursts of 429),
or lose the answer of the next post for sure (`lose_next_answer`). `limit_history` answers
`conversations.history` as Slack does for an app distributed outside the Slack Marketplace.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.support import slack_scopes

RESPONSE_URL = "response_url"
SHUTDOWN_POLL = 0.02  # seconds between the server's checks for shutdown()
UPLOAD = "upload"  # where files_upload_v2 posts a file's bytes

# Slack's documented Block Kit limits (api.slack.com/reference/block-kit).
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
STATIC_OPTIONS = 100
# Menus whose choices are in the payload: Slack wants at least one, in options or option_groups.
STATIC_MENUS = frozenset({"static_select", "multi_static_select"})
IDENTIFIER = 255
MODAL_TITLE = 24
PRIVATE_METADATA = 3000
FALLBACK_TEXT = 40000
MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"}
)
VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})
OUTBOX_EVENT_TYPE = "whoswho_outbox"  # the metadata the app's scheduled messages carry
# conversations.history for an app distributed outside the Slack Marketplace (`limit_history`)
HISTORY_LIMITED_PAGE = 15
HISTORY_LIMITED_SECONDS = 60.0


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    failed: bool = False
    status: int = 200
    at: float = field(default_factory=time.monotonic)
    token: str | None = None  # the bearer token the call came with


@dataclass
class _Bot:
    team_id: str
    team_name: str
    enterprise_id: str | None
    bot_user_id: str
    bot_id: str
    installer: str
    org_wide: bool = False
    scopes: tuple[str, ...] | None = None  # None: the fake's default grant


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    error: str | None


@dataclass
class _Bucket:
    """A token bucket: `rate` tokens a second, holding at most `capacity`."""

    rate: float
    capacity: float
    tokens: float = 0.0
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def wait(self, now: float) -> float:
        """Seconds until a token is free (0: one is free now)."""
        elapsed = max(0.0, now - self.stamp)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        self.stamp = max(now, self.stamp)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


@dataclass
class Throttle:
    """Slack's posting limits, as the fake applies them to `methods`."""

    per_channel_per_second: float | None = 1.0
    channel_burst: int = 1
    workspace_per_minute: int | None = None
    workspace_burst: int | None = None  # default: one second's worth
    methods: frozenset[str] = frozenset({"chat.postMessage"})


@dataclass
class Chaos:
    """Misbehaviour at random, for message methods: a 5xx before anything is done; a 5xx after
    the message was posted (the answer is lost); and every `burst_every` seconds a burst of
    `burst_length` seconds in which every post is answered 429."""

    server_error_rate: float = 0.0
    lost_answer_rate: float = 0.0
    burst_every: float | None = None
    burst_length: float = 1.0
    seed: int = 0


def block_kit_problems(blocks: Any, *, limit: int, where: str) -> list[str]:
    """What Slack would refuse in a list of blocks, as readable sentences."""
    if not isinstance(blocks, list):
        return [f"{where}: blocks is not a list"]
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"{where}: {len(blocks)} blocks, over Slack's {limit}")
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        here = f"{where} block {index}"
        if not isinstance(block, dict) or "type" not in block:
            problems.append(f"{here}: not a block")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in block_ids:
                problems.append(f"{here}: duplicate block_id {block_id!r}")
            block_ids.add(block_id)
            if len(block_id) > IDENTIFIER:
                problems.append(f"{here}: block_id over {IDENTIFIER} characters")
        problems.extend(_block_problems(block, here))
    return problems


def _text_of(node: Any) -> str:
    return str(node.get("text", "")) if isinstance(node, dict) else ""


def _section_problems(block: dict[str, Any], here: str) -> list[str]:
    problems: list[str] = []
    if "text" not in block and "fields" not in block:
        problems.append(f"{here}: a section needs text or fields")
    if len(_text_of(block.get("text"))) > SECTION_TEXT:
        problems.append(f"{here}: section text over {SECTION_TEXT} characters")
    problems.extend(
        f"{here}: a field over 2000 characters"
        for item in block.get("fields") or []
        if len(_text_of(item)) > 2000
    )
    if "accessory" in block:
        problems.extend(_element_problems(block["accessory"], here))
    return problems


def _actions_problems(block: dict[str, Any], here: str) -> list[str]:
    problems: list[str] = []
    elements = block.get("elements") or []
    if len(elements) > ACTIONS_ELEMENTS:
        problems.append(f"{here}: over {ACTIONS_ELEMENTS} elements")
    action_ids = [
        e.get("action_id") for e in elements if isinstance(e, dict) and e.get("action_id")
    ]
    if len(action_ids) != len(set(action_ids)):
        problems.append(f"{here}: duplicate action_id in one block")
    for element in elements:
        problems.extend(_element_problems(element, here))
    return problems


def _block_problems(block: dict[str, Any], here: str) -> list[str]:
    kind = block["type"]
    if kind == "section":
        return _section_problems(block, here)
    if kind == "actions":
        return _actions_problems(block, here)
    if kind == "input":
        if "label" not in block or "element" not in block:
            return [f"{here}: an input needs a label and an element"]
        return _element_problems(block["element"], here)
    problems: list[str] = []
    if kind == "header" and len(_text_of(block.get("text"))) > HEADER_TEXT:
        problems.append(f"{here}: header over {HEADER_TEXT} characters")
    if kind == "context" and len(block.get("elements") or []) > CONTEXT_ELEMENTS:
        problems.append(f"{here}: over {CONTEXT_ELEMENTS} context elements")
    return problems


def _element_problems(element: Any, here: str) -> list[str]:
    if not isinstance(element, dict):
        return [f"{here}: an element is not an object"]
    problems: list[str] = []
    action_id = element.get("action_id")
    if isinstance(action_id, str) and len(action_id) > IDENTIFIER:
        problems.append(f"{here}: action_id over {IDENTIFIER} characters")
    if element.get("type") == "button":
        if len(_text_of(element.get("text"))) > BUTTON_TEXT:
            problems.append(f"{here}: button text over {BUTTON_TEXT} characters")
        if len(str(element.get("value", ""))) > BUTTON_VALUE:
            problems.append(f"{here}: button value over {BUTTON_VALUE} characters")
    options = element.get("options")
    if element.get("type") in STATIC_MENUS:
        problems.extend(_menu_problems(element, here))
    if isinstance(options, list):
        if len(options) > STATIC_OPTIONS:
            problems.append(f"{here}: over {STATIC_OPTIONS} options")
        problems.extend(
            f"{here}: option text over {OPTION_TEXT} characters"
            for item in options
            if len(_text_of(item.get("text"))) > OPTION_TEXT
        )
    return problems


def _menu_problems(element: dict[str, Any], here: str) -> list[str]:
    """A static menu with nothing to choose from: Slack refuses it (invalid_blocks)."""
    options, groups = element.get("options"), element.get("option_groups")
    if options is not None and groups is not None:
        return [f"{here}: a menu has both options and option_groups"]
    if groups is not None:
        if not isinstance(groups, list) or not groups:
            return [f"{here}: a menu has empty option_groups"]
        if any(not isinstance(g, dict) or not g.get("options") for g in groups):
            return [f"{here}: a menu has an option group with no options"]
        return []
    if not isinstance(options, list) or not options:
        return [f"{here}: a {element.get('type')} has no options"]
    return []


def view_problems(view: Any, method: str) -> list[str]:
    if not isinstance(view, dict):
        return [f"{method}: view is not an object"]
    problems = block_kit_problems(view.get("blocks"), limit=VIEW_BLOCKS, where=method)
    if view.get("type") == "modal":
        for key in ("title", "submit", "close"):
            if key in view and len(_text_of(view[key])) > MODAL_TITLE:
                problems.append(f"{method}: modal {key} over {MODAL_TITLE} characters")
        if "title" not in view:
            problems.append(f"{method}: a modal needs a title")
    if len(str(view.get("private_metadata", ""))) > PRIVATE_METADATA:
        problems.append(f"{method}: private_metadata over {PRIVATE_METADATA} characters")
    return problems


def message_problems(params: dict[str, Any], method: str) -> list[str]:
    problems: list[str] = []
    blocks = params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if blocks is not None:
        problems.extend(block_kit_problems(blocks, limit=MESSAGE_BLOCKS, where=method))
    if not params.get("text") and not blocks and method != RESPONSE_URL:
        problems.append(f"{method}: neither text nor blocks")
    if len(str(params.get("text") or "")) > FALLBACK_TEXT:
        problems.append(f"{method}: text over {FALLBACK_TEXT} characters")
    return problems


class FakeSlack:
    """Use as a context manager; `base_url` is what SLACK_API_URL is set to."""

    def __init__(
        self,
        team_id: str = "T0001",
        bot_user_id: str = "U0BOT",
        *,
        now: Callable[[], float] = time.time,
        scopes: Iterable[str] | None = None,
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.now = now  # stamps message ts: pass a test's clock to keep ts and it in step
        self.calls: list[Call] = []
        # Every message chat.postMessage posted, by conversation (a user id becomes their DM).
        self.posted: dict[str, list[dict[str, Any]]] = {}
        self._throttle: Throttle | None = None
        self._channel_buckets: dict[str, _Bucket] = {}
        self._workspace_bucket: _Bucket | None = None
        self._chaos: Chaos | None = None
        self._lose_answers: Counter[str] = Counter()  # method -> answers still to lose
        # conversations.history as Slack limits it for apps outside the Marketplace
        self.history_limited = False
        self._history_answered_at: float | None = None  # by `now`: the last one answered
        self._random = random.Random(0)
        self._started = time.monotonic()
        self.violations: list[str] = []
        self.users: dict[str, dict[str, Any]] = {}
        # team.profile.get's custom profile fields: [{"id": "Xf…", "label": …, "type": …}]
        self.profile_fields: list[dict[str, Any]] = []
        self.joined: set[str] = set()  # channels the app joined with conversations.join
        self.uploads: dict[str, bytes] = {}  # file id -> bytes posted to its upload URL
        self.group_dms: dict[str, str] = {}  # sorted user ids -> the group DM Slack opened
        self._failures: dict[str, list[_Failure]] = {}
        # Installations: bot token -> its workspace; codes waiting for oauth.v2.access; refresh
        # tokens (single use); with `strict_tokens`, a call with any other token is refused.
        self.bots: dict[str, _Bot] = {}
        self.codes: dict[str, tuple[str, _Bot, int | None]] = {}
        self.refresh_tokens: dict[str, tuple[_Bot, int]] = {}
        self.revoked: set[str] = set()
        self.strict_tokens = False
        # Scopes granted to every token not granted others (default: the manifest's bot
        # scopes); a call without its scope is answered missing_scope, as Slack does.
        self.scopes = tuple(scopes) if scopes is not None else slack_scopes.manifest_bot_scopes()
        self.granted: dict[str, tuple[str, ...]] = {}  # token -> its scopes, where not those
        self.refreshes = 0
        self.auth_tests = 0
        self._delays: dict[str, float] = {}  # method (or "*") -> seconds before it answers
        self.held: Counter[str] = Counter()  # calls being held back by `slow`, by method
        self._lock = threading.Condition()
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        # serve_forever notices shutdown() only between polls (every 0.5 s by default, which
        # every test waited out at its end)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL,), daemon=True
        )

    # Lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/"

    def response_url(self, path: str = "default") -> str:
        return self.base_url.replace("/api/", f"/{RESPONSE_URL}/{path}")

    # Arranging ----------------------------------------------------------------------------

    def add_user(self, user_id: str, **fields: Any) -> None:
        profile = {
            "real_name": fields.pop("real_name", user_id),
            "email": fields.pop("email", None),
            **fields.pop("profile", {}),  # title, fields (custom: {"Xf…": {"value", "alt"}})
        }
        self.users[user_id] = {
            "id": user_id,
            "team_id": fields.pop("team_id", self.team_id),
            "name": user_id.lower(),
            "deleted": False,
            "is_bot": False,
            "is_admin": False,
            "is_owner": False,
            "tz": "Europe/London",
            "tz_offset": 0,
            "profile": profile,
            **fields,
        }

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        error: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with `status` (or ok:false `error`)."""
        with self._lock:
            queue = self._failures.setdefault(method, [])
            queue.extend(_Failure(status, retry_after, error) for _ in range(times))

    def grant(self, token: str, scopes: Iterable[str]) -> None:
        """Grant `token` exactly `scopes` (a workspace that approved an older install)."""
        with self._lock:
            self.granted[token] = tuple(scopes)

    def throttle(self, throttle: Throttle | None) -> None:
        """Apply Slack's posting limits from now on (None: no limits)."""
        with self._lock:
            self._throttle = throttle
            self._channel_buckets = {}
            self._workspace_bucket = None
            if throttle is not None and throttle.workspace_per_minute:
                rate = throttle.workspace_per_minute / 60
                burst = throttle.workspace_burst or max(1, math.floor(rate))
                self._workspace_bucket = _Bucket(rate, burst)

    def lose_next_answer(self, method: str, *, times: int = 1) -> None:
        """Do the next `times` calls of `method` (a message method), then answer each 500 as
        if the answer had been lost on the way: the caller cannot tell it was done."""
        with self._lock:
            self._lose_answers[method] += times

    def limit_history(self, limited: bool = True) -> None:
        """Answer conversations.history as Slack does for a commercially distributed app not
        in the Slack Marketplace: at most HISTORY_LIMITED_PAGE messages a page, and one call
        a minute (by `now`) for the workspace, another one answered 429 with Retry-After."""
        with self._lock:
            self.history_limited = limited
            self._history_answered_at = None

    def chaos(self, chaos: Chaos | None) -> None:
        """Misbehave at random from now on (None: behave)."""
        with self._lock:
            self._chaos = chaos
            self._random = random.Random(chaos.seed if chaos else 0)
            self._started = time.monotonic()

    # Asserting ----------------------------------------------------------------------------

    def outbox_deliveries(self) -> Counter[str]:
        """How many times each scheduled message (by its outbox id) was posted."""
        with self._lock:
            return Counter(
                str(message["metadata"]["event_payload"].get("outbox_id"))
                for messages in self.posted.values()
                for message in messages
                if (message.get("metadata") or {}).get("event_type") == OUTBOX_EVENT_TYPE
            )

    def rate_limited(self) -> int:
        """How many calls were answered 429."""
        with self._lock:
            return sum(1 for call in self.calls if call.status == 429)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(
        self,
        method: str,
        *,
        count: int = 1,
        timeout: float = 5.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """The first `count` calls of `method` (matching `where`), waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [
                    call
                    for call in self.calls
                    if call.method == method and (where is None or where(call))
                ]
                if len(found) >= count:
                    return found[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [call.method for call in self.calls]
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {len(found)}; calls: {seen}"
                    )
                self._lock.wait(remaining)

    def assert_no_call(self, method: str, settle: float = 0.3) -> None:
        time.sleep(settle)
        assert self.calls_to(method) == [], f"unexpected call to {method}"

    # Serving ------------------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def _take_failure(self, method: str) -> _Failure | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.pop(0) if queue else None

    def handle(  # noqa: PLR0911 - one return for each way Slack answers
        self, path: str, query: str, body: bytes, content_type: str, token: str | None = None
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        params: dict[str, Any] = dict(parse_qsl(query))
        if path.startswith(f"/{UPLOAD}/"):
            # The second step of files_upload_v2: the file's bytes, posted to the upload URL.
            file_id = path.rsplit("/", 1)[-1]
            with self._lock:
                self.uploads[file_id] = body
            self._record(Call(UPLOAD, {"_path": file_id, "size": len(body)}, token=token))
            return 200, {}, {"ok": True}
        if body:
            if content_type.startswith("application/json"):
                loaded = json.loads(body)
                params.update(loaded if isinstance(loaded, dict) else {"_body": loaded})
            else:
                params.update(parse_qsl(body.decode("utf-8")))
        parts = path.strip("/").split("/")
        if parts[0] == RESPONSE_URL:
            method = RESPONSE_URL
            params["_path"] = "/".join(parts[1:])
        else:
            method = "/".join(parts[1:])
        token = token or params.pop("token", None)
        self._linger(method)
        bad_token = self._refuse_token(method, token)
        refused = (
            {"ok": False, "error": bad_token}
            if bad_token is not None
            else self._refuse_scope(method, params, token)
        )
        if refused is not None:
            self._record(Call(method, params, failed=True, token=token))
            return 200, {}, refused
        failure = self._take_failure(method) or self._misbehave(method, params)
        if failure is not None:
            self._record(Call(method, params, failed=True, status=failure.status, token=token))
            headers = {}
            if failure.retry_after is not None:
                headers["Retry-After"] = str(failure.retry_after)
            if failure.error is not None:
                return 200, headers, {"ok": False, "error": failure.error}
            return failure.status, headers, {"ok": False, "error": "ratelimited"}
        problems = self._problems(method, params)
        if problems:
            with self._lock:
                self.violations.extend(problems)
            self._record(Call(method, params, failed=True, token=token))
            return 200, {}, {"ok": False, "error": "invalid_blocks", "errors": problems}
        status, answer = self._answer(method, params, token)
        if answer.get("ok") and method in MESSAGE_METHODS and self._answer_lost(method):
            # Done, but the answer never arrives: the caller cannot tell it was posted.
            self._record(Call(method, params, failed=True, status=500, token=token))
            return 500, {}, {"ok": False, "error": "internal_error"}
        self._record(
            Call(method, params, failed=not answer.get("ok", True), status=status, token=token)
        )
        return status, {}, answer

    def _misbehave(self, method: str, params: dict[str, Any]) -> _Failure | None:
        """A failure from chaos or throttling for this call, taking a token when it passes."""
        with self._lock:
            if method == "conversations.history" and self.history_limited:
                last, now = self._history_answered_at, self.now()
                if last is not None and now < last + HISTORY_LIMITED_SECONDS:
                    wait = math.ceil(last + HISTORY_LIMITED_SECONDS - now)
                    return _Failure(429, max(1, wait), None)
                self._history_answered_at = now
            chaos = self._chaos
            if chaos is not None and method in MESSAGE_METHODS:
                if chaos.burst_every:
                    phase = (time.monotonic() - self._started) % chaos.burst_every
                    if phase < chaos.burst_length:
                        return _Failure(429, max(1, math.ceil(chaos.burst_length - phase)), None)
                if self._random.random() < chaos.server_error_rate:
                    return _Failure(503, None, None)
            throttle = self._throttle
            if throttle is None or method not in throttle.methods:
                return None
            now = time.monotonic()
            buckets = [self._workspace_bucket] if self._workspace_bucket else []
            if throttle.per_channel_per_second:
                channel = self._conversation(str(params.get("channel", "")))
                bucket = self._channel_buckets.get(channel)
                if bucket is None:
                    bucket = _Bucket(throttle.per_channel_per_second, throttle.channel_burst)
                    self._channel_buckets[channel] = bucket
                buckets.append(bucket)
            wait = max((bucket.wait(now) for bucket in buckets), default=0.0)
            if wait > 0:
                return _Failure(429, max(1, math.ceil(wait)), None)
            for bucket in buckets:
                bucket.tokens -= 1
            return None

    def _answer_lost(self, method: str) -> bool:
        with self._lock:
            if self._lose_answers[method] > 0:
                self._lose_answers[method] -= 1
                return True
            chaos = self._chaos
            return chaos is not None and self._random.random() < chaos.lost_answer_rate

    @staticmethod
    def _conversation(channel: str) -> str:
        return "D" + channel[1:] if channel.startswith(("U", "W")) else channel

    def _problems(self, method: str, params: dict[str, Any]) -> list[str]:
        if method in MESSAGE_METHODS or method == RESPONSE_URL:
            return message_problems(params, method)
        if method in VIEW_METHODS:
            view = params.get("view")
            if isinstance(view, str):
                view = json.loads(view)
            return view_problems(view, method)
        return []

    def _answer(
        self, method: str, params: dict[str, Any], token: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        if method in MESSAGE_METHODS:
            return 200, self._message({**params, "_method": method})
        if method in VIEW_METHODS:
            return 200, self._view(params)
        answer = {
            RESPONSE_URL: lambda: {"ok": True},
            "auth.test": lambda: self._auth_test(token),
            "oauth.v2.access": lambda: self._oauth_access(params),
            "users.info": lambda: self._user_info(params),
            "users.lookupByEmail": lambda: self._lookup_by_email(params),
            "users.profile.get": lambda: self._profile_get(params),
            "team.profile.get": lambda: {"ok": True, "profile": {"fields": self.profile_fields}},
            "conversations.open": lambda: self._open_conversation(params),
            "conversations.history": lambda: self._history(params),
            "conversations.join": lambda: self._join(params),
            "files.getUploadURLExternal": lambda: self._upload_url(params),
            "files.completeUploadExternal": lambda: self._complete_upload(params),
        }.get(method)
        return 200, answer() if answer else {"ok": False, "error": "unknown_method"}

    def _upload_url(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        url = self.base_url.replace("/api/", f"/{UPLOAD}/{file_id}")
        return {"ok": True, "upload_url": url, "file_id": file_id}

    def _complete_upload(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        with self._lock:
            missing = [f.get("id") for f in files if f.get("id") not in self.uploads]
        if missing:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _join(self, params: dict[str, Any]) -> dict[str, Any]:
        """Public channels (C…) can be joined; private ones (G…) need an invitation."""
        channel = str(params.get("channel", ""))
        if channel.startswith("G"):
            return {"ok": False, "error": "method_not_supported_for_channel_type"}
        if not channel.startswith("C"):
            return {"ok": False, "error": "channel_not_found"}
        with self._lock:
            self.joined.add(channel)
        return {"ok": True, "channel": {"id": channel}}

    def _auth_test(self, token: str | None = None) -> dict[str, Any]:
        with self._lock:
            self.auth_tests += 1
            bot = self.bots.get(token or "")
        if bot is not None:
            return {
                "ok": True,
                "url": f"https://{bot.team_id.lower()}.slack.com/",
                "team": bot.team_name,
                "user": "whoswho",
                "team_id": bot.team_id,
                "user_id": bot.bot_user_id,
                "bot_id": bot.bot_id,
                "is_enterprise_install": False,
            }
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Example",
            "user": "whoswho",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": "B0BOT",
            "is_enterprise_install": False,
        }

    # Installing (oauth.v2.access) ------------------------------------------------------------

    def add_install_code(
        self,
        code: str,
        team_id: str,
        *,
        team_name: str = "",
        enterprise_id: str | None = None,
        expires_in: int | None = None,
        installer: str = "U0ADMIN",
        org_wide: bool = False,
        scopes: Iterable[str] | None = None,
    ) -> str:
        """A code Slack would hand the redirect after someone approves an install in
        `team_id`; oauth.v2.access exchanges it (once) for a new bot token, which is
        returned. With `expires_in`, the token expires and comes with a refresh token. With
        `org_wide`, an admin of Enterprise Grid organisation `enterprise_id` installed it for
        every workspace of the organisation (`team_id` is then one of them). `scopes`: what
        the token is granted (default: the fake's, the manifest's bot scopes)."""
        token = f"xoxb-{team_id}-{next(self._ids)}"
        bot = _Bot(
            team_id=team_id,
            team_name=team_name or team_id,
            enterprise_id=enterprise_id,
            bot_user_id=f"U0BOT{team_id}",
            bot_id=f"B0{team_id}",
            installer=installer,
            org_wide=org_wide,
            scopes=tuple(scopes) if scopes is not None else None,
        )
        with self._lock:
            self.codes[code] = (token, bot, expires_in)
        return token

    def revoke(self, token: str) -> None:
        """Slack revokes a token (an uninstall): calls with it are refused from now on."""
        with self._lock:
            self.bots.pop(token, None)
            self.revoked.add(token)

    def _issue(self, bot: _Bot, token: str, expires_in: int | None) -> dict[str, Any]:
        self.bots[token] = bot
        self.granted[token] = bot.scopes if bot.scopes is not None else self.scopes
        answer: dict[str, Any] = {
            "ok": True,
            "app_id": "A0APP",
            "access_token": token,
            "token_type": "bot",
            "scope": ",".join(self.granted[token]),
            "bot_user_id": bot.bot_user_id,
            "team": None if bot.org_wide else {"id": bot.team_id, "name": bot.team_name},
            "enterprise": (
                {"id": bot.enterprise_id, "name": f"{bot.enterprise_id} organisation"}
                if bot.enterprise_id
                else None
            ),
            "is_enterprise_install": bot.org_wide,
            "authed_user": {"id": bot.installer},
        }
        if expires_in is not None:
            refresh = f"xoxe-1-{bot.team_id}-{next(self._ids)}"
            self.refresh_tokens[refresh] = (bot, expires_in)
            answer |= {"refresh_token": refresh, "expires_in": expires_in}
        return answer

    def _oauth_access(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            if params.get("grant_type") == "refresh_token":
                found = self.refresh_tokens.pop(str(params.get("refresh_token")), None)
                if found is None:  # single use: spent, or never issued
                    return {"ok": False, "error": "invalid_refresh_token"}
                self.refreshes += 1
                bot, _expired_in = found  # a rotated token lasts Slack's usual 12 hours
                return self._issue(bot, f"xoxe.xoxb-{bot.team_id}-{next(self._ids)}", 43_200)
            issued = self.codes.pop(str(params.get("code")), None)
            if issued is None:
                return {"ok": False, "error": "invalid_code"}
            token, bot, expires_in = issued
            return self._issue(bot, token, expires_in)

    def _refuse_token(self, method: str, token: str | None) -> str | None:
        """Slack's answer to a call whose token it would not take (strict mode only)."""
        if method in {"oauth.v2.access", RESPONSE_URL, UPLOAD} or not self.strict_tokens:
            return None
        with self._lock:
            if token in self.revoked:
                return "token_revoked"
            if token not in self.bots:
                return "invalid_auth"
        return None

    def _refuse_scope(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> dict[str, Any] | None:
        """Slack's missing_scope answer when the token lacks the method's scope (see
        slack_scopes); a method the scope table does not know is refused, loudly."""
        if method == RESPONSE_URL:
            return None
        with self._lock:
            granted = self.granted.get(token or "", self.scopes)
            group_dms = set(self.group_dms.values())
        try:
            return slack_scopes.refusal(method, params, granted, group_dms)
        except slack_scopes.UnknownMethodError:
            with self._lock:
                self.violations.append(f"{method}: not in the scope table (slack_scopes.py)")
            return {"ok": False, "error": "unknown_method"}

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel.startswith(("U", "W")):
            user = self.users.get(channel)
            if user is not None and user["deleted"]:
                return {"ok": False, "error": "user_disabled"}
            if user is not None and user["is_bot"]:
                return {"ok": False, "error": "cannot_dm_bot"}
            channel = "D" + channel[1:]
        ts = f"{int(self.now())}.{next(self._ids):06d}"
        if params.get("_method") == "chat.postMessage":
            metadata = params.get("metadata")
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            with self._lock:
                self.posted.setdefault(channel, []).append(
                    {
                        "type": "message",
                        "ts": ts,
                        "text": params.get("text", ""),
                        "bot_id": "B0BOT",
                        "user": self.bot_user_id,
                        "metadata": metadata,
                    }
                )
        return {"ok": True, "channel": channel, "ts": ts, "message": {"ts": ts}}

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        """Newest first, after `oldest` (and before `latest`), `limit` a page, by cursor."""
        channel = str(params.get("channel", ""))
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or math.inf)
        limit = max(1, min(999, int(params.get("limit") or 100)))
        if self.history_limited:
            limit = min(limit, HISTORY_LIMITED_PAGE)
        start = int(params.get("cursor") or 0)
        metadata = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        with self._lock:
            found = [
                dict(message)
                for message in reversed(self.posted.get(channel, []))
                if oldest < float(message["ts"]) < latest
            ]
        page = found[start : start + limit]
        for message in page:
            if not metadata or message.get("metadata") is None:
                message.pop("metadata", None)
        more = start + limit < len(found)
        return {
            "ok": True,
            "messages": page,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def _view(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        view_id = str(params.get("view_id") or f"V{next(self._ids):08d}")
        return {"ok": True, "view": {**(view or {}), "id": view_id}}

    def _user_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(params.get("user")))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def _profile_get(self, params: dict[str, Any]) -> dict[str, Any]:
        """users.profile.get: the person's profile; custom fields under `fields`, by field id
        ({"Xf…": {"value", "alt"}}), their labels in team.profile.get (`profile_fields`)."""
        user = self.users.get(str(params.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "profile": {"fields": {}, **user["profile"]}}

    def _lookup_by_email(self, params: dict[str, Any]) -> dict[str, Any]:
        email = str(params.get("email", "")).casefold()
        for user in self.users.values():
            if str(user["profile"].get("email") or "").casefold() == email:
                return {"ok": True, "user": user}
        return {"ok": False, "error": "users_not_found"}

    def _open_conversation(self, params: dict[str, Any]) -> dict[str, Any]:
        """One user: their DM with the app. Several: the group DM of them and the app, the same
        one each time for the same people (as Slack does), at most 8 besides the app."""
        users = [u.strip() for u in str(params.get("users", "")).split(",") if u.strip()]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) == 1:
            return {"ok": True, "channel": {"id": "D" + users[0][1:]}}
        if len(users) > 8:
            return {"ok": False, "error": "too_many_users"}
        key = ",".join(sorted(set(users)))
        with self._lock:
            channel = self.group_dms.setdefault(key, f"G{len(self.group_dms) + 1:08d}")
        return {"ok": True, "channel": {"id": channel, "is_mpim": True}}

    def group_dm_members(self, channel: str) -> list[str]:
        """Who is in a group DM the app opened (empty for any other conversation)."""
        with self._lock:
            for key, found in self.group_dms.items():
                if found == channel:
                    return key.split(",")
        return []

    # Slowness -----------------------------------------------------------------------------

    def slow(self, method: str, seconds: float) -> None:
        """Hold every call of `method` ("*": of every method; response_url too) for `seconds`
        before answering it (0: answer at once, and let go of the calls being held). A held
        call is recorded in `calls` only once answered; `held` counts those being held."""
        with self._lock:
            if seconds > 0:
                self._delays[method] = seconds
            else:
                self._delays.pop(method, None)
            self._lock.notify_all()

    def release(self) -> None:
        """Answer every call at once from now on, the ones being held included."""
        with self._lock:
            self._delays.clear()
            self._lock.notify_all()

    def wait_until_held(self, method: str, *, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until `count` calls of `method` are being held at once."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self.held[method] < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} held call(s) to {method}, got {self.held[method]}"
                    )
                self._lock.wait(remaining)

    def _delay_of(self, method: str) -> float:
        return self._delays.get(method, self._delays.get("*", 0.0))

    def _linger(self, method: str) -> None:
        """Hold this call while `slow` says so."""
        with self._lock:
            seconds = self._delay_of(method)
            if seconds <= 0:
                return
            deadline = time.monotonic() + seconds
            self.held[method] += 1
            self._lock.notify_all()
            try:
                while self._delay_of(method) > 0 and (left := deadline - time.monotonic()) > 0:
                    self._lock.wait(left)
            finally:
                self.held[method] -= 1
                self._lock.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                status, headers, answer = fake.handle(
                    url.path,
                    url.query,
                    body,
                    self.headers.get("Content-Type") or "",
                    token=bearer or None,
                )
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = _serve  # noqa: N815 - http.server's names
            do_POST = _serve  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


def iter_texts(node: Any) -> Iterator[str]:
    """Every string inside a payload, for searching what a person would read."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from iter_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_texts(value)
