"""The listeners' Web API client under Slack's rate limits: the gate, failing fast, the short
inline wait, and posts whose fate is unknown, against the loopback Slack. (Calls Slack holds
back go to the outbox: tests/unit/test_held_calls.py.)"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

import pytest
from prometheus_client import REGISTRY
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.i18n import t
from handlers.slack.answers import (
    DEFAULT_RETRY_AFTER,
    IDEMPOTENT,
    POST_EVENT_TYPE,
    InDoubtPost,
    SlackBusyError,
    is_busy,
    listener_retry_handlers,
    retry_after_of,
)
from handlers.slack.api_observer import SlackApiObserver
from handlers.slack.calls import (
    GatedWebClient,
    RateLimitGate,
    SlackCalls,
    listener_client,
)
from handlers.slack.late_forms import LATE_ERRORS_BLOCK, restored_form
from tests.support.fake_slack import FakeSlack


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U0SAM")
        yield fake


TOKEN = "xoxb-one"
MODAL = {"type": "modal", "title": {"type": "plain_text", "text": "Form"}, "blocks": []}


def gated(fake: FakeSlack, calls: SlackCalls, token: str = TOKEN) -> GatedWebClient:
    return GatedWebClient(
        token=token, base_url=fake.base_url, timeout=5, retry_handlers=[], calls=calls
    )


def deferred(method: str, outcome: str) -> float:
    labels = {"method": method, "outcome": outcome}
    return REGISTRY.get_sample_value("whoswho_slack_api_deferred_total", labels) or 0.0


class Answer:
    def __init__(self, status: int, data: dict[str, Any], headers: dict[str, str]) -> None:
        self.status_code, self.data, self.headers = status, data, headers


# The gate ---------------------------------------------------------------------------------------


def test_the_gate_holds_a_method_of_a_workspace_for_as_long_as_slack_said():
    clock = Clock()
    gate = RateLimitGate(clock)
    gate.hold("one", "views.open", 30)

    assert gate.remaining("one", "views.open") == 30
    assert gate.remaining("one", "chat.postMessage") == 0  # another method
    assert gate.remaining("two", "views.open") == 0  # another workspace
    gate.hold("one", "views.open", 5)  # a shorter wait does not shorten the longer one
    clock.now += 29
    assert gate.remaining("one", "views.open") == 1
    clock.now += 1
    assert gate.remaining("one", "views.open") == 0


@pytest.mark.parametrize(
    ("answer", "seconds"),
    [
        (Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"}), 7.0),
        (Answer(429, {"ok": False}, {"retry-after": "3"}), 3.0),
        (Answer(429, {"ok": False}, {}), DEFAULT_RETRY_AFTER),
        (Answer(200, {"ok": False, "error": "ratelimited"}, {}), DEFAULT_RETRY_AFTER),
        (Answer(429, {"ok": False}, {"Retry-After": "soon"}), DEFAULT_RETRY_AFTER),
        (Answer(429, {"ok": False}, {"Retry-After": "99999"}), 900.0),
        (Answer(503, {"ok": False}, {"Retry-After": "7"}), None),
        (Answer(503, {"ok": False, "error": "ratelimited"}, {}), None),
        (Answer(200, {"ok": False, "error": "channel_not_found"}, {}), None),
    ],
)
def test_what_slack_asked_to_wait_is_read_from_its_answer(answer: Answer, seconds: float | None):
    assert retry_after_of(answer) == seconds


# Failing fast -----------------------------------------------------------------------------------


def test_a_429_fails_fast_and_holds_that_method_back_without_calling_slack_again(fake):
    calls = SlackCalls()
    client = gated(fake, calls)
    fake.fail_next("views.open", status=429, retry_after=30)

    with pytest.raises(SlackBusyError) as first:
        client.views_open(trigger_id="t1", view=MODAL)
    with pytest.raises(SlackApiError) as second:  # what callers already catch
        client.views_open(trigger_id="t2", view=MODAL)

    assert first.value.retry_after == 30
    assert is_busy(second.value)
    assert second.value.response["error"] == "ratelimited"
    assert len(fake.calls_to("views.open")) == 1
    client.users_info(user="U0SAM")  # other methods go on
    gated(fake, calls, token="xoxb-two").views_open(trigger_id="t3", view=MODAL)
    assert len(fake.calls_to("views.open")) == 2  # and so does another workspace


def test_every_client_of_one_process_shares_the_gate(fake):
    calls = SlackCalls()
    fake.fail_next("users.info", status=429, retry_after=30)
    with pytest.raises(SlackBusyError):
        gated(fake, calls).users_info(user="U0SAM")
    with pytest.raises(SlackBusyError):
        calls.client_like(gated(fake, calls)).users_info(user="U0SAM")
    assert len(fake.calls_to("users.info")) == 1


def test_a_caller_waits_for_the_gate_only_when_it_opens_almost_at_once(fake):
    clock = Clock()
    calls = SlackCalls(clock=clock, sleep=clock.sleep, max_inline_wait=0.5)
    client = gated(fake, calls)

    calls.gate.hold(client.workspace, "users.info", 0.3)
    client.users_info(user="U0SAM")
    calls.gate.hold(client.workspace, "users.info", 0.6)
    with pytest.raises(SlackBusyError):
        client.users_info(user="U0SAM")

    assert clock.slept == [pytest.approx(0.3)]
    assert len(fake.calls_to("users.info")) == 1


def test_a_429_with_almost_no_wait_is_tried_once_more(fake):
    client = gated(fake, SlackCalls())
    fake.fail_next("users.info", status=429, retry_after=0)
    assert client.users_info(user="U0SAM")["ok"]
    assert [call.status for call in fake.calls_to("users.info")] == [429, 200]


def test_a_listeners_client_never_sleeps_out_a_429_but_still_counts_and_retries_5xx_once(fake):
    source = WebClient(
        token="xoxb-one",
        base_url=fake.base_url,
        retry_handlers=[
            SlackApiObserver(),
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )
    client = listener_client(source)
    kinds = [type(handler) for handler in client.retry_handlers]
    assert RateLimitErrorRetryHandler not in kinds
    assert kinds[0] is SlackApiObserver
    assert all(h.max_retry_count == 1 for h in listener_retry_handlers(source.retry_handlers)[1:])

    fake.fail_next("users.info", status=503, retry_after=None)
    assert client.users_info(user="U0SAM")["ok"]
    assert [call.status for call in fake.calls_to("users.info")] == [503, 200]


# A form answered late ---------------------------------------------------------------------------


FORM = {
    "id": "V0FORM",
    "type": "modal",
    "callback_id": "profile_submit",
    "title": {"type": "plain_text", "text": "Your profile"},
    "submit": {"type": "plain_text", "text": "Save"},
    "private_metadata": '{"next": "signup"}',
    "hash": "1.2",
    "blocks": [
        {
            "type": "input",
            "block_id": "job",
            "label": {"type": "plain_text", "text": "Job title"},
            "element": {"type": "plain_text_input", "action_id": "job_input"},
        },
        {
            "type": "input",
            "block_id": "org",
            "label": {"type": "plain_text", "text": "Organisation"},
            "element": {"type": "static_select", "action_id": "org_input", "options": []},
        },
        {
            "type": "input",
            "block_id": "open",
            "label": {"type": "plain_text", "text": "Open to"},
            "element": {"type": "checkboxes", "action_id": "open_input", "options": []},
        },
    ],
    "state": {
        "values": {
            "job": {"job_input": {"type": "plain_text_input", "value": "Analyst <!here>"}},
            "org": {
                "org_input": {
                    "type": "static_select",
                    "selected_option": {
                        "text": {"type": "plain_text", "text": "HO"},
                        "value": "HO",
                    },
                }
            },
            "open": {"open_input": {"type": "checkboxes", "selected_options": []}},
        }
    },
}


def test_a_form_answered_late_with_errors_comes_back_as_typed_with_them_above():
    again = restored_form(FORM, {"job": "Too long <@U0X>", "gone": "Something else"})

    assert again["callback_id"] == "profile_submit"
    assert again["private_metadata"] == FORM["private_metadata"]
    assert not {"hash", "state", "id"} & set(again)  # Slack's own bookkeeping left out
    first, job, org, open_to = again["blocks"]
    assert first["block_id"] == LATE_ERRORS_BLOCK
    said = first["text"]["text"]
    assert t("errors.form_late") in said
    assert "*Job title*: Too long &lt;@U0X&gt;" in said  # typed text made inert
    assert "Something else" in said
    assert job["element"]["initial_value"] == "Analyst <!here>"  # kept as typed, in an input
    assert org["element"]["initial_option"]["value"] == "HO"
    assert "initial_options" not in open_to["element"]  # nothing ticked: nothing to restore

    twice = restored_form({**FORM, "blocks": again["blocks"]}, {"job": "Still wrong"})
    assert [b.get("block_id") for b in twice["blocks"]].count(LATE_ERRORS_BLOCK) == 1


def test_a_form_answered_late_without_its_blocks_lists_the_errors_instead():
    view = restored_form({"id": "V0FORM", "state": {"values": {}}}, {"job": "Too long"})
    text = " ".join(block["text"]["text"] for block in view["blocks"])
    assert t("errors.form_gone") in text
    assert "Too long" in text


# Sent twice only when that is harmless; a post whose fate is unknown goes to the outbox --------


def listener(fake: FakeSlack, calls: SlackCalls | None = None) -> GatedWebClient:
    """A listener's client as the app makes it: slack_sdk's retries of 5xx and broken links."""
    source = WebClient(
        token=TOKEN,
        base_url=fake.base_url,
        timeout=5,
        retry_handlers=[ConnectionErrorRetryHandler(), ServerErrorRetryHandler()],
    )
    return listener_client(source, calls)


def request_to(method: str) -> HttpRequest:
    return HttpRequest(method="POST", url=f"https://slack.com/api/{method}", headers={})


class Outbox:
    """Stands in for the outbox: takes what it is handed (or not)."""

    def __init__(self, *, takes: bool = True) -> None:
        self.takes = takes
        self.posts: list[InDoubtPost] = []

    def __call__(self, post: InDoubtPost) -> bool:
        self.posts.append(post)
        return self.takes


def test_a_listener_never_resends_a_post_slack_answered_5xx_but_resends_a_read(fake):
    client = listener(fake)
    fake.fail_next("chat.postMessage", status=503, retry_after=None)
    fake.fail_next("users.info", status=503, retry_after=None)

    with pytest.raises(SlackApiError) as failed:  # no outbox to hand it to: it fails
        client.chat_postMessage(channel="U0SAM", text="hello")
    assert client.users_info(user="U0SAM")["ok"]

    assert failed.value.response.status_code == 503
    assert [call.status for call in fake.calls_to("chat.postMessage")] == [503]
    assert [call.status for call in fake.calls_to("users.info")] == [503, 200]


@pytest.mark.parametrize(
    ("method", "error", "resent"),
    [
        ("chat.postMessage", URLError(ConnectionRefusedError()), True),  # never reached Slack
        ("views.open", URLError(socket.gaierror()), True),
        ("chat.postMessage", URLError(ConnectionResetError()), False),
        ("chat.postMessage", ConnectionResetError(), False),
        ("chat.postEphemeral", RemoteDisconnected(), False),
        ("views.open", URLError(TimeoutError()), False),  # a trigger_id works once
        ("files.completeUploadExternal", ConnectionResetError(), False),
        ("users.info", ConnectionResetError(), True),
        ("conversations.open", RemoteDisconnected(), True),
        ("chat.update", URLError(ConnectionResetError()), True),
    ],
)
def test_after_a_broken_connection_only_a_call_harmless_twice_is_resent(method, error, resent):
    [connection, _server] = listener_retry_handlers([])
    state = RetryState()
    assert connection.can_retry(state=state, request=request_to(method), error=error) is resent


@pytest.mark.parametrize(
    ("method", "resent"),
    [
        ("chat.postMessage", False),
        ("chat.postEphemeral", False),
        ("views.open", False),
        ("views.push", False),
        ("files.getUploadURLExternal", False),
        ("users.lookupByEmail", True),
        ("auth.test", True),
        ("conversations.history", True),
        ("views.publish", True),
        ("chat.delete", True),
        ("conversations.join", True),
    ],
)
def test_after_a_5xx_only_a_call_harmless_twice_is_resent(method, resent):
    _connection, server = listener_retry_handlers([])
    response = HttpResponse(status_code=500, headers={})
    assert server.can_retry(state=RetryState(), request=request_to(method), response=response) is (
        resent
    )
    assert (method in IDEMPOTENT) is resent


def test_every_post_carries_an_id_of_its_own_keeping_the_callers_metadata(fake):
    client = gated(fake, SlackCalls())
    client.chat_postMessage(channel="U0SAM", text="one")
    client.chat_postMessage(
        channel="U0SAM",
        text="two",
        metadata={"event_type": "mine", "event_payload": {"n": 1}},
    )

    one, two = (call.params["metadata"] for call in fake.calls_to("chat.postMessage"))
    assert one["event_type"] == POST_EVENT_TYPE
    assert two["event_type"] == "mine"
    assert two["event_payload"]["n"] == 1
    assert one["event_payload"]["post_id"] != two["event_payload"]["post_id"]
    assert len(one["event_payload"]["post_id"]) == 32


@pytest.mark.parametrize("posted", [True, False])
def test_a_post_whose_fate_is_unknown_is_handed_to_the_outbox_and_answered_as_deferred(
    fake, posted
):
    calls = SlackCalls()
    calls.in_doubt = outbox = Outbox()
    client = listener(fake, calls)
    if posted:
        fake.lose_next_answer("chat.postMessage")
    else:
        fake.fail_next("chat.postMessage", status=500, retry_after=None)

    answer = client.chat_postMessage(channel="U0SAM", text="hello")

    assert answer["ok"]
    assert answer["deferred"]
    [call] = fake.calls_to("chat.postMessage")
    [post] = outbox.posts
    assert post.post_id == call.params["metadata"]["event_payload"]["post_id"]
    assert post.arguments["text"] == "hello"
    assert post.arguments["metadata"] == call.params["metadata"]
    assert len(fake.posted.get("D0SAM", [])) == (1 if posted else 0)


def test_a_post_the_outbox_cannot_take_fails_as_it_did_and_is_not_resent(fake):
    calls = SlackCalls()
    calls.in_doubt = Outbox(takes=False)
    fake.fail_next("chat.postMessage", status=503, retry_after=None)

    with pytest.raises(SlackApiError):
        listener(fake, calls).chat_postMessage(channel="C0CHANNEL", text="hello")

    assert len(fake.calls_to("chat.postMessage")) == 1
