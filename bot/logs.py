"""Logging: one line per record, as text or JSON, each carrying its request's id, and nothing
personal or secret in it.

- A request id is bound for the length of each incoming request (`bound_request_id`), taken
  from the caller's `X-Request-Id` when it is a sensible one, otherwise made up; every record
  logged meanwhile carries it (`RequestIdFilter`), in the listener threads too (Bolt's listener
  executor is a `ContextThreadPoolExecutor`, which runs each task in its submitter's context).
- Every line is redacted as it is written: Slack tokens, the configured secrets, request
  signatures and email addresses are replaced, and request bodies that libraries print (a
  refused request's body, a Web API call's parameters) are withheld, as are the bound
  parameters SQLAlchemy and pydantic put in their error messages. Message texts are never
  logged by the app's own calls: they log ids and counts, never what people typed.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from concurrent.futures import Future

P = ParamSpec("P")
T = TypeVar("T")

LogFormat = Literal["text", "json"]
REQUEST_ID_HEADER = "X-Request-Id"
NO_REQUEST = "-"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Libraries' DEBUG lines print whole request and response bodies (typed text, emails): only
# the app's own modules log at DEBUG, even when LOG_LEVEL is DEBUG. (Bolt names some loggers
# after the app, so the test is "ours", not a list of libraries.)
OWN_LOGGERS = ("bot", "handlers", "storage", "benchmarks", "__main__")
# Libraries that narrate routine work at INFO: Alembic its plugin set-up and connection on
# every start-up, APScheduler each job it adds and every run of every job (two lines each
# outbox tick, every five seconds, whether or not there was anything to send). INFO is for
# what happened, so below DEBUG they speak only of trouble (WARNING and above); what they did
# that matters is logged by the app itself (a migration applied, a job that did work).
QUIET_LIBRARIES = ("alembic", "apscheduler")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "whoswho_request_id", default=None
)
_GOOD_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,64}")


# Request ids ---------------------------------------------------------------------------------


def new_request_id(offered: str | None = None) -> str:
    """The caller's id when it is short and plain (a load balancer's), else a fresh one."""
    if offered and _GOOD_REQUEST_ID.fullmatch(offered.strip()):
        return offered.strip()
    return uuid.uuid4().hex[:16]


def current_request_id() -> str | None:
    return _request_id.get()


@contextmanager
def bound_request_id(request_id: str) -> Iterator[str]:
    """Every record logged in this block (and in work it submits to a context-keeping
    executor) carries `request_id`."""
    token = _request_id.set(request_id)
    try:
        yield request_id
    finally:
        _request_id.reset(token)


class ContextThreadPoolExecutor(ThreadPoolExecutor):
    """A thread pool whose tasks run in a copy of the submitter's context (its request id)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        context = contextvars.copy_context()
        return super().submit(context.run, fn, *args, **kwargs)  # type: ignore[arg-type]


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "-") on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get() or NO_REQUEST
        return True


class LibraryDebugFilter(logging.Filter):
    """Drops DEBUG records that are not the app's own (a library's carry request bodies)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            return True
        name = record.name
        return any(name == own or name.startswith(own + ".") for own in OWN_LOGGERS)


# Redaction ----------------------------------------------------------------------------------

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Slack tokens: bot, user, app-level, refresh, configuration and legacy tokens.
    (re.compile(r"\bxox[a-z]-[A-Za-z0-9-]+"), "xox?-[redacted]"),
    (re.compile(r"\bxapp-[A-Za-z0-9-]+"), "xapp-[redacted]"),
    (re.compile(r"\bv0=[0-9a-fA-F]{16,}"), "v0=[redacted]"),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), r"\1 [redacted]"),
    # Bodies that libraries print: a refused request's, a Web API call's parameters.
    (
        re.compile(r"(?is)\b(body|body_params|json_body|query_params|payload)\s*[:=]\s*[\[{(].*"),
        r"\1: [withheld]",
    ),
    (re.compile(r"(?is)\b(body)\s*:\s*\S.*"), r"\1: [withheld]"),
    # What SQLAlchemy and pydantic quote from the data in their errors.
    (re.compile(r"\[parameters: [^\n]*"), "[parameters: withheld]"),
    (re.compile(r"input_value=.*?(, input_type=|\]$)", re.MULTILINE), r"input_value=[withheld]\1"),
    # Email addresses.
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
)


class Redactor:
    """Replaces secrets and personal data in a line of log output."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = tuple(sorted({s for s in secrets if s and len(s) >= 8}, key=len)[::-1])

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text


class TextFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor) -> None:
        super().__init__(TEXT_FORMAT)
        self._redact = redactor

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get() or NO_REQUEST
        return self._redact(super().format(record))


# The attributes every LogRecord has: anything else on a record came in `extra`.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, the record's `extra`
    fields (ids and counts) and, for an error, its traceback; every string redacted."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self._redact = redactor

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self._redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or _request_id.get() or NO_REQUEST,
        }
        for key, value in record.__dict__.items():
            if key in _STANDARD or key.startswith("_") or key in entry:
                continue
            if isinstance(value, bool | int | float) or value is None:
                entry[key] = value
            else:
                entry[key] = self._redact(str(value))
        if record.exc_info:
            entry["error"] = self._redact(self.formatException(record.exc_info))
        if record.stack_info:
            entry["stack"] = self._redact(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def make_formatter(log_format: LogFormat, secrets: Iterable[str] = ()) -> logging.Formatter:
    redactor = Redactor(secrets)
    return JsonFormatter(redactor) if log_format == "json" else TextFormatter(redactor)


def configure(
    level: str = "INFO",
    log_format: LogFormat = "text",
    *,
    secrets: Iterable[str] = (),
    stream: Any = None,
    force: bool = False,
) -> logging.Handler | None:
    """Send every record to standard error (or `stream`) through one handler that adds the
    request id, keeps libraries' debug lines out and redacts; it replaces the one an earlier
    call installed. Like logging.basicConfig, it leaves logging alone when someone else (a test
    runner) has already given the root logger handlers, unless `force`. Returns the handler."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, _OURS, False) or force:
            root.removeHandler(old)
    if root.handlers:
        return None
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _OURS, True)
    handler.setFormatter(make_formatter(log_format, secrets))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(LibraryDebugFilter())
    root.addHandler(handler)
    root.setLevel(level)
    quiet = logging.NOTSET if root.level <= logging.DEBUG else logging.WARNING
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(quiet)
    return handler


_OURS = "_whoswho_handler"
