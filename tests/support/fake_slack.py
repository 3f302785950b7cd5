"""A loopback stand-in for Slack's Web API, and the host of every `response_url`.

It listens on 127.0.0.1 on a port the system picks, records every call (method, parameters,
whether it failed), answers in the shapes Slack's API reference documents, refuses Block Kit
that breaks Slack's published limits (as Slack does, with `invalid_blocks`), and can be told to
answer the next call of a method with a 429 and Retry-After, or a 5xx.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

RESPONSE_URL = "response_url"

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
IDENTIFIER = 255
MODAL_TITLE = 24
PRIVATE_METADATA = 3000
FALLBACK_TEXT = 40000
MESSAGE_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage"}
)
VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    failed: bool = False
    status: int = 200
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    error: str | None


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
    if isinstance(options, list):
        if len(options) > STATIC_OPTIONS:
            problems.append(f"{here}: over {STATIC_OPTIONS} options")
        problems.extend(
            f"{here}: option text over {OPTION_TEXT} characters"
            for item in options
            if len(_text_of(item.get("text"))) > OPTION_TEXT
        )
    return problems


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

    def __init__(self, team_id: str = "T0001", bot_user_id: str = "U0BOT") -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.users: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, list[_Failure]] = {}
        self._lock = threading.Condition()
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

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

    # Asserting ----------------------------------------------------------------------------

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

    def handle(
        self, path: str, query: str, body: bytes, content_type: str
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        params: dict[str, Any] = dict(parse_qsl(query))
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
        failure = self._take_failure(method)
        if failure is not None:
            self._record(Call(method, params, failed=True, status=failure.status))
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
            self._record(Call(method, params, failed=True))
            return 200, {}, {"ok": False, "error": "invalid_blocks", "errors": problems}
        status, answer = self._answer(method, params)
        self._record(Call(method, params, failed=not answer.get("ok", True), status=status))
        return status, {}, answer

    def _problems(self, method: str, params: dict[str, Any]) -> list[str]:
        if method in MESSAGE_METHODS or method == RESPONSE_URL:
            return message_problems(params, method)
        if method in VIEW_METHODS:
            view = params.get("view")
            if isinstance(view, str):
                view = json.loads(view)
            return view_problems(view, method)
        return []

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method in MESSAGE_METHODS:
            return 200, self._message(params)
        if method in VIEW_METHODS:
            return 200, self._view(params)
        answer = {
            RESPONSE_URL: lambda: {"ok": True},
            "auth.test": self._auth_test,
            "users.info": lambda: self._user_info(params),
            "users.lookupByEmail": lambda: self._lookup_by_email(params),
            "conversations.open": lambda: self._open_conversation(params),
        }.get(method)
        return 200, answer() if answer else {"ok": False, "error": "unknown_method"}

    def _auth_test(self) -> dict[str, Any]:
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

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel.startswith(("U", "W")):
            user = self.users.get(channel)
            if user is not None and user["deleted"]:
                return {"ok": False, "error": "user_disabled"}
            channel = "D" + channel[1:]
        ts = f"{int(time.time())}.{next(self._ids):06d}"
        return {"ok": True, "channel": channel, "ts": ts, "message": {"ts": ts}}

    def _view(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        view_id = str(params.get("view_id") or f"V{next(self._ids):08d}")
        return {"ok": True, "view": {**(view or {}), "id": view_id}}

    def _user_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(params.get("user")))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def _lookup_by_email(self, params: dict[str, Any]) -> dict[str, Any]:
        email = str(params.get("email", "")).casefold()
        for user in self.users.values():
            if str(user["profile"].get("email") or "").casefold() == email:
                return {"ok": True, "user": user}
        return {"ok": False, "error": "users_not_found"}

    def _open_conversation(self, params: dict[str, Any]) -> dict[str, Any]:
        users = str(params.get("users", ""))
        return {"ok": True, "channel": {"id": "D" + users.split(",", maxsplit=1)[0][1:]}}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, answer = fake.handle(
                    url.path, url.query, body, self.headers.get("Content-Type") or ""
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
