"""Whatever people type, through the real endpoint: never a 500, never silence, never a ping.

Hypothesis generates command texts, form values and event payloads; every reply Slack would
show is scanned for live mentions (`<!channel>`, `<!here>`, `<!subteam^…>`, `<@U…>` of anyone
but the people listed) and links the app did not make.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.ids import ActionId, BlockId, CallbackId, InputId
from tests.integration.conftest import TEAM, World
from tests.integration.test_whoswho import add_person, form_values
from tests.support.slack_client import plain_value

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that tries everything mrkdwn could turn into a ping, a link or broken markup.
nasty = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<!subteam^S0123|@team>",
        "<@U0VICTIM>",
        "<#C0123|general>",
        "<https://evil.example|click me>",
        "&lt;!channel&gt;",
        "&",
        "<",
        ">",
        "*bold*",
        "`code`",
        "```",
        "\u202e",
        "\x00",
        "Leeds",
        "Caerdydd",
        "Yorkshire",
        "data",
        "me",
        "help",
        "forget",
        "export",
        " ",
        "\n",
        "💥",
    ]
)
typed = st.one_of(
    st.lists(st.one_of(nasty, st.text(max_size=30)), max_size=8).map(" ".join),
    st.text(max_size=600),
)

_ANGLE = re.compile(r"<([^<>]*)>")


def rendered_texts(node: Any) -> list[str]:
    """The strings Slack renders to people: every `text` value in a payload."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(rendered_texts(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(rendered_texts(value))
    return found


def live_markup(payload: dict[str, Any], allowed_users: set[str]) -> list[str]:
    """Angle-bracket markup in what is shown, other than mentions of the people listed."""
    bad = []
    for text in rendered_texts(payload):
        for inner in _ANGLE.findall(text):
            if inner.startswith("@") and inner[1:] in allowed_users:
                continue
            bad.append(f"<{inner}>")
    return bad


def test_any_command_text_gets_a_reply_and_pings_nobody(world: World):
    add_person(world, "U0LISTED", job_title="Analyst", can_help="data")
    seen = 0

    @EXAMPLES
    @given(text=typed)
    def check(text: str) -> None:
        nonlocal seen
        seen += 1
        path = f"cmd{seen}"
        response = world.slack.command("/whoswho", text, response_url=world.fake.response_url(path))
        assert response.status == 200
        if (
            text.split()
            and text.split(maxsplit=1)[0].casefold() in {"me"}
            and len(text.split()) == 1
        ):
            world.fake.wait_for("views.open", count=1)
            return
        [reply] = world.fake.wait_for(
            "response_url", where=lambda call: call.params.get("_path") == path
        )
        assert rendered_texts(reply.params), text
        assert live_markup(reply.params, {"U0LISTED"}) == [], text

    check()
    assert world.fake.violations == []


def test_any_profile_form_is_saved_or_refused_inline_and_renders_inert(world: World):
    seen = 0

    @EXAMPLES
    @given(job=typed, organisation=typed, can_help=typed, want=typed)
    def check(job: str, organisation: str, can_help: str, want: str) -> None:
        nonlocal seen
        seen += 1
        user = f"U0FORM{seen:04d}"
        values = form_values(
            world.runtime.services.directory.gazetteer.read_query("Leeds").place.id,  # type: ignore[union-attr]
            organisation=None,
            organisation_other=organisation[:300],
            job_title=job[:300],
            can_help=can_help,
            want_to_learn=want,
        )
        response = world.slack.view_submission(CallbackId.PROFILE_SUBMIT, values, user_id=user)
        assert response.status == 200
        body = response.json()
        assert body["response_action"] in {"errors", "update"}
        if body["response_action"] == "errors":
            assert set(body["errors"]) <= {b.value for b in BlockId}
            assert world.runtime.services.directory.profile_status(TEAM, user).profile is None
            return
        path = f"search{seen}"
        world.slack.command("/whoswho", "Leeds", response_url=world.fake.response_url(path))
        [reply] = world.fake.wait_for(
            "response_url", where=lambda call: call.params.get("_path") == path
        )
        users = {f"U0FORM{n:04d}" for n in range(1, seen + 1)}
        assert live_markup(reply.params, users) == []
        assert live_markup(body["view"], users) == []

    check()
    assert world.fake.violations == []


def test_the_search_form_takes_any_text(world: World):
    @EXAMPLES
    @given(place=typed, topics=typed)
    def check(place: str, topics: str) -> None:
        response = world.slack.view_submission(
            CallbackId.SEARCH_SUBMIT,
            {
                BlockId.SEARCH_PLACE: {InputId.SEARCH_PLACE: plain_value(place[:100])},
                BlockId.SEARCH_TOPICS: {InputId.SEARCH_TOPICS: plain_value(topics[:200])},
            },
        )
        assert response.status == 200
        body = response.json()
        assert body["response_action"] == "update"
        assert live_markup(body["view"], set()) == []

    check()
    assert world.fake.violations == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


def test_odd_event_and_button_payloads_never_fail(world: World):
    """Slack's user objects carry many optional fields; button values can be stale or forged."""

    @EXAMPLES
    @given(
        user_id=st.text(max_size=20),
        extra=st.dictionaries(st.sampled_from(["deleted", "profile", "is_bot", "tz"]), json_values),
        value=st.one_of(st.none(), st.text(max_size=300)),
        # Every button; the place menu is answered by an options listener, not clicked.
        action=st.sampled_from(
            [a for a in ActionId if a not in {ActionId.PLACE_SELECT, ActionId.EVENT_PLACE_SELECT}]
        ),
    )
    def check(user_id: str, extra: dict[str, Any], value: str | None, action: ActionId) -> None:
        user = {"id": user_id, "team_id": TEAM, **extra}
        assert world.slack.user_change(user).status == 200
        response = world.slack.block_action(
            action, value=value, response_url=world.fake.response_url("odd")
        )
        assert response.status == 200

    check()
    for reply in world.fake.calls_to("response_url"):
        assert live_markup(reply.params, set()) == []
    assert world.fake.violations == []


def test_a_stale_button_is_answered_politely_every_time(world: World):
    """Bolt answers 404 when a listener fails fast after acking; the app must never let it."""
    for attempt in range(5):
        path = f"stale{attempt}"
        response = world.slack.block_action(
            ActionId.SEARCH_PAGE, value="not a search", response_url=world.fake.response_url(path)
        )
        assert response.status == 200
        [reply] = world.fake.wait_for(
            "response_url", where=lambda call, path=path: call.params.get("_path") == path
        )
        assert "expired" in reply.params["text"]
