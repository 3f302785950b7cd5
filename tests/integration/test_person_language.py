"""A person's language, English or Cymraeg, everywhere they read the app: chosen on the Home tab
(with or without a profile) or in the profile form, in force for their own requests only, and
for the messages sent to them later (rendered when sent, not when queued). `/whoswho forget`
forgets it.

Welsh is recognised through the Welsh catalogue (`with use_language("cy"): t(key)`), never by
words written here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.outbox import Delivered, OutboxMessage, OutboxStatus
from bot.i18n import t
from bot.scheduler import nudge_stale_profiles
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from handlers.slack.outbox import SlackDispatcher
from handlers.slack.outbox_kinds import build_renderers
from handlers.ui import common
from storage.models import ChannelLinkRow
from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_ack_deadline import (
    HELD,
    NEWCOMER,
    event_form,
    submit,
)
from tests.integration.test_whoswho import add_person, form_values, texts
from tests.support.fake_slack import Call
from tests.support.slack_client import static_value
from tests.support.welsh import english, said, welsh

OTHER = "U0OTHER2"


def to_path(path: str):
    return lambda call: call.params.get("_path") == path


def choose_on_home(world: World, language: str, user: str = ME) -> None:
    world.slack.block_action(
        ActionId.LANGUAGE_CHOOSE,
        user_id=user,
        view={"type": "home", "blocks": []},
        action={
            "type": "static_select",
            "selected_option": {
                "text": {"type": "plain_text", "text": language},
                "value": language,
            },
        },
    )


def home_tabs(world: World, count: int) -> list[Call]:
    return world.fake.wait_for("views.publish", count=count)


def make(world: World, user: str, language: str, tabs: int) -> None:
    """`user` chooses `language` on their Home tab (the `tabs`th tab published so far)."""
    choose_on_home(world, language, user)
    home_tabs(world, tabs)
    assert world.runtime.services.languages.person(TEAM, user) == language


def header_of(view: dict[str, Any]) -> str:
    return str(view["blocks"][0]["text"]["text"])


def chosen_on(view: dict[str, Any]) -> str:
    """The language the Home tab's switch shows as chosen."""
    [switch] = [
        block["accessory"]
        for block in view["blocks"]
        if (block.get("accessory") or {}).get("action_id") == ActionId.LANGUAGE_CHOOSE
    ]
    return str(switch["initial_option"]["value"])


def test_someone_with_no_profile_switches_the_home_tab_to_welsh_and_back(world: World):
    world.slack.app_home_opened(ME)
    [first] = home_tabs(world, 1)
    assert english("home.profile_heading") in said(first.params["view"])
    assert chosen_on(first.params["view"]) == "en"
    # Each choice is named in its own language, whichever is in force.
    assert '"English"' in texts(first.params["view"])
    assert '"Cymraeg"' in texts(first.params["view"])

    choose_on_home(world, "cy")

    [_, second] = home_tabs(world, 2)
    assert second.params["user_id"] == ME
    view = said(second.params["view"])
    assert welsh("home.profile_heading") in view
    assert english("home.profile_heading") not in view
    assert chosen_on(second.params["view"]) == "cy"
    assert world.runtime.services.directory.profile_status(TEAM, ME).profile is None

    choose_on_home(world, "en")

    third = home_tabs(world, 3)[2]
    assert english("home.profile_heading") in said(third.params["view"])
    assert chosen_on(third.params["view"]) == "en"
    world.slack.command("/whoswho", "help", response_url=world.fake.response_url("help"))
    [help_reply] = world.responses(where=to_path("help"))
    assert english("directory.help") in said(help_reply)


def test_their_answers_come_in_welsh_while_another_persons_stay_english(world: World):
    world.fake.add_user(OTHER, team_id=TEAM, real_name="Sam Other")
    add_person(world, OTHER, can_help="data")
    choose_on_home(world, "cy")
    home_tabs(world, 1)

    world.slack.command("/whoswho", "help", response_url=world.fake.response_url("mine"))
    world.slack.command(
        "/whoswho", "help", user_id=OTHER, response_url=world.fake.response_url("theirs")
    )
    [mine] = world.responses(where=to_path("mine"))
    [theirs] = world.responses(where=to_path("theirs"))
    assert welsh("directory.help") in said(mine)
    assert english("directory.help") in said(theirs)

    world.slack.command("/whoswho", "Leeds", response_url=world.fake.response_url("found"))
    world.slack.command(
        "/whoswho", "Leeds", user_id=OTHER, response_url=world.fake.response_url("found_by_them")
    )
    [found] = world.responses(where=to_path("found"))
    [found_by_them] = world.responses(where=to_path("found_by_them"))
    label = welsh("directory.search.can_help", topics="").strip()
    assert label != english("directory.search.can_help", topics="").strip()
    assert f"<@{OTHER}>" in said(found)
    assert label in said(found)
    assert english("directory.search.can_help", topics="").strip() in said(found_by_them)


def test_the_profile_form_opens_in_welsh_with_cymraeg_chosen_and_saves_the_choice(world: World):
    choose_on_home(world, "cy")
    home_tabs(world, 1)
    world.slack.command("/whoswho", "me")
    [opened] = world.fake.wait_for("views.open")
    form = opened.params["view"]
    assert form["callback_id"] == CallbackId.PROFILE_SUBMIT
    assert form["title"]["text"] == welsh("profile.modal.title")
    [choice] = [block for block in form["blocks"] if block.get("block_id") == BlockId.APP_LANGUAGE]
    assert choice["element"]["initial_option"]["value"] == "cy"
    assert choice["label"]["text"] == welsh("language.label")

    # Saved with English chosen: the answer and the Home tab come in English at once.
    place = world.runtime.services.directory.gazetteer.read_query("Leeds").place
    values = form_values(place.id if place else None)
    values[BlockId.APP_LANGUAGE] = {InputId.APP_LANGUAGE: static_value("en")}
    answer = world.slack.view_submission(CallbackId.PROFILE_SUBMIT, values, user_id=ME).json()
    assert answer["response_action"] == "update"
    assert answer["view"]["title"]["text"] == english("profile.modal.title")
    assert world.runtime.services.languages.person(TEAM, ME) == "en"
    home = home_tabs(world, 2)[1]
    assert english("home.profile_heading") in said(home.params["view"])


def test_a_dm_queued_in_english_is_sent_in_welsh_after_they_switch(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    nudge_stale_profiles(world.runtime.services)  # queued while they read English
    choose_on_home(world, "cy")
    home_tabs(world, 1)

    world.runtime.services.outbox.drain_due()

    [dm] = world.fake.wait_for("chat.postMessage")
    assert dm.params["channel"] == ME
    assert dm.params["text"] == welsh("nudge.text")
    assert dm.params["metadata"]["event_payload"]["outbox_id"]  # still sent exactly once


def test_a_dm_to_someone_reading_english_stays_english(world: World):
    add_person(world, ME)
    world.clock.advance(days=366)
    nudge_stale_profiles(world.runtime.services)
    world.runtime.services.outbox.drain_due()
    [dm] = world.fake.wait_for("chat.postMessage")
    assert dm.params["text"] == english("nudge.text")


def test_export_shows_the_choice_and_forget_removes_it(world: World):
    choose_on_home(world, "cy")
    home_tabs(world, 1)
    world.slack.command("/whoswho", "export", response_url=world.fake.response_url("export"))
    world.responses(where=to_path("export"))
    exported = " ".join(said(call.params) for call in world.fake.calls_to("chat.postMessage"))
    assert "Cymraeg" in exported

    world.slack.block_action(
        ActionId.FORGET_CONFIRM, value="forget", response_url=world.fake.response_url("gone")
    )
    [gone] = world.responses(where=to_path("gone"))
    assert welsh("privacy.forget.done") in said(gone)  # said in the language they read then
    assert world.runtime.services.languages.person(TEAM, ME) == "en"
    assert "language" not in world.runtime.services.directory.export(TEAM, ME)
    world.slack.command("/whoswho", "help", response_url=world.fake.response_url("after"))
    [after] = world.responses(where=to_path("after"))
    assert english("directory.help") in said(after)


@pytest.fixture
def held(world: World) -> Iterator[World]:
    """The world, with whatever Slack still holds let go of at the end."""
    try:
        yield world
    finally:
        world.fake.release()


def test_the_answer_given_for_a_late_listener_is_in_their_language(held: World):
    """Slack holds the event form's question about the organiser: the form is answered for the
    listener in time, in Welsh, and what the listener says after comes in Welsh too."""
    world = held
    world.fake.add_user(NEWCOMER, team_id=TEAM, is_admin=True)
    world.runtime.services.languages.set_person(TEAM, NEWCOMER, "cy")
    world.fake.slow("users.info", HELD)
    view, values = event_form(world)

    answer = submit(world, view, values, NEWCOMER)

    assert world.fake.held["users.info"] == 1
    assert welsh("errors.still_working") in said(answer.json()["view"])
    world.fake.release()
    [update] = world.fake.wait_for("views.update", timeout=10)
    assert welsh("event.modal.posting").split(".")[0] in said(update.params["view"])


NOTE = "test.language_note"


def note(world: World, to: str | list[str]) -> OutboxMessage:
    now = world.clock.now()
    return OutboxMessage(
        id=7,
        team_id=TEAM,
        kind=NOTE,
        key="note",
        due_at=now,
        expires_at=None,
        payload={"to": to},
        status=OutboxStatus.SENDING,
        attempts=1,
        throttled=0,
        in_doubt=False,
        first_attempt_at=now,
        last_error=None,
        sent_ref=None,
        claimed_by="test",
    )


def link_to(world: World, channel: str, region: str) -> None:
    with Session(world.runtime.engine) as session:
        session.add(
            ChannelLinkRow(
                team_id=TEAM,
                channel_id=channel,
                region_code=region,
                linked_by=ME,
                created_at=world.clock.now(),
            )
        )
        session.commit()


def test_a_message_to_a_group_or_a_channel_is_in_the_language_its_readers_share(world: World):
    renderers = build_renderers()
    renderers.register(
        NOTE,
        "chat.postMessage",
        lambda message: {
            "channel": message.payload["to"],
            **common.message(t("nudge.text"), [common.section(t("nudge.text"))]),
        },
    )
    client = WebClient(token="xoxb-test-token", base_url=world.fake.base_url, retry_handlers=[])
    dispatcher = SlackDispatcher(client, renderers, languages=world.runtime.services.languages)
    languages = world.runtime.services.languages
    for person in ("U0CYMRO1", "U0CYMRO2"):
        languages.set_person(TEAM, person, "cy")
    link_to(world, "C0CYMRU", "TLL")
    link_to(world, "C0LEEDS", "TLE")

    sent = [
        dispatcher.deliver(note(world, to))
        for to in (["U0CYMRO1", "U0CYMRO2"], ["U0CYMRO1", ME], "C0CYMRU", "C0LEEDS")
    ]

    assert all(isinstance(outcome, Delivered) for outcome in sent)
    welsh_only, mixed, wales, leeds = world.fake.wait_for("chat.postMessage", count=4)
    assert welsh_only.params["text"] == welsh("nudge.text")
    for both in (mixed, wales):  # Welsh first, then English
        words = said(both.params["blocks"])
        assert words.index(welsh("nudge.text")) < words.index(english("nudge.text"))
    assert leeds.params["text"] == english("nudge.text")
    assert leeds.params["metadata"]["event_payload"] == {"outbox_id": 7}
