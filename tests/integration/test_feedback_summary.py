"""What organisers see of feedback, end to end: `/event feedback` through signed requests, the
summary DM when answers close (the scheduler's tick, then the outbox, to the loopback Slack),
the CSV export uploaded to the organiser's DM, and the App Home's feedback parts.

Events are set up through the service, people say they're going, the controlled clock moves
past the end, the feedback tick asks them, and they answer through the service: what is tested
here is what the organiser is then shown.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot.app import build_runtime
from bot.domain.events import EventDraft, EventMode
from bot.domain.feedback import DetailsDraft
from bot.i18n import t
from bot.server import WhoswhoWsgi
from handlers.ids import ActionId, base_action
from tests.integration.conftest import ME, SIGNING_SECRET, TEAM, World, make_settings
from tests.support.fake_slack import Call, FakeSlack
from tests.support.payloads import mrkdwn_texts, walk
from tests.support.slack_client import SlackClient
from tests.support.wsgi_server import serve_wsgi

ORGANISER = "U0ORGANISER"
OTHER_ORGANISER = "U0ORGTWO"
ADMIN = "U0ADMIN"
GUESTS = [f"U0GUEST{n}" for n in range(6)]
HOSTILE = "<!channel> <@U0VICTIM>"


@pytest.fixture
def fb_world(engine, database_url, clock, gazetteer) -> Iterator[World]:
    """The app with two organisers named by ORGANISERS (neither an admin), and an admin."""
    with FakeSlack() as fake:
        fake.add_user(ME, team_id=TEAM)
        fake.add_user(ADMIN, team_id=TEAM, is_admin=True)
        for user in (ORGANISER, OTHER_ORGANISER, *GUESTS):
            fake.add_user(user, team_id=TEAM)
        settings = make_settings(fake, database_url).model_copy(
            update={"organisers": (ORGANISER, OTHER_ORGANISER)}
        )
        runtime = build_runtime(
            settings,
            clock=clock,
            engine=engine,
            gazetteer=gazetteer,
            raise_error_for_unhandled_request=True,
        )
        with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
            slack = SlackClient(
                base_url,
                SIGNING_SECRET,
                team_id=TEAM,
                user_id=ME,
                response_url_factory=fake.response_url,
            )
            yield World(fake, slack, runtime, clock, base_url)


# Arranging ---------------------------------------------------------------------------------------


def held_event(
    world: World,
    *,
    title: str = "Leeds data meet-up",
    organiser: str = ORGANISER,
    going: list[str] = GUESTS[:5],
    days: int = 1,
):
    """An event that starts in `days` days, with `going` going."""
    services = world.runtime.services
    place = services.directory.gazetteer.read_query("Leeds").place
    assert place is not None
    start = world.clock.now() + timedelta(days=days)
    draft = EventDraft(
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=place.id,
    )
    event = services.events.create_event(TEAM, organiser, draft).event
    for user in going:
        services.events.rsvp(TEAM, event.id, user, going=True)
    return event


def ask(world: World, *events) -> None:
    """The clock moves past the last event's end, and the feedback tick asks those going."""
    world.clock.set(max(e.ends_at for e in events) + timedelta(minutes=5))
    world.runtime.services.feedback.tick()


def prompt_id(world: World, user: str, title: str = "Leeds data meet-up") -> int:
    [view] = [v for v in world.runtime.services.feedback.awaiting(TEAM, user) if v.title == title]
    return view.prompt.id


def answer(
    world: World,
    user: str,
    rating: int,
    *,
    title: str = "Leeds data meet-up",
    learned: str | None = None,
    worked: str = "",
    better: str = "",
    anonymous: bool = False,
) -> None:
    feedback = world.runtime.services.feedback
    number = prompt_id(world, user, title)
    feedback.rate(TEAM, user, number, rating)
    if learned or worked or better:
        draft = DetailsDraft(
            measures={"learned": learned},
            what_worked=worked,
            could_be_better=better,
            anonymous=anonymous,
        )
        feedback.submit_details(TEAM, user, number, draft)


def feedback_command(world: World, text: str = "", *, user: str = ORGANISER, path: str) -> dict:
    response = world.slack.command(
        "/event",
        f"feedback {text}".strip(),
        user_id=user,
        response_url=world.fake.response_url(path),
    )
    assert response.status == 200
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def click(
    world: World,
    action: str,
    value: str,
    *,
    user: str = ORGANISER,
    path: str | None = None,
    view: dict[str, Any] | None = None,
) -> dict | None:
    """A button clicked in a message (answered at `path`), or in a view."""
    world.slack.block_action(
        action,
        value=value,
        user_id=user,
        response_url=world.fake.response_url(path) if path else None,
        view=view,
    )
    if path is None:
        return None
    [reply] = world.responses(where=lambda call: call.params.get("_path") == path)
    return reply


def buttons(payload: Any, action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload)
        if node.get("type") == "button" and base_action(str(node.get("action_id"))) == action
    ]


def shown(payload: Any) -> str:
    return "\n".join(mrkdwn_texts(payload))


def dms_to(world: World, user: str) -> list[dict[str, Any]]:
    return [
        call.params
        for call in world.fake.calls_to("chat.postMessage")
        if call.params.get("channel") == user and not call.failed
    ]


def summary_dms(world: World) -> list[dict[str, Any]]:
    return [dm for dm in dms_to(world, ORGANISER) if "Answers about" in shown(dm)]


def a_well_answered_event(world: World):
    """Five going; four answer (5, 4, 4, 2): one named comment, one anonymous, one hostile."""
    event = held_event(world)
    ask(world, event)
    answer(world, GUESTS[0], 5, learned="agree", worked="The data clinic")
    answer(world, GUESTS[1], 4, learned="agree", better="A bigger room", anonymous=True)
    answer(world, GUESTS[2], 4, learned="disagree", worked=HOSTILE)
    answer(world, GUESTS[3], 2)
    return event


# /event feedback ---------------------------------------------------------------------------------


def test_an_organiser_reads_their_latest_events_numbers_and_comments(fb_world: World):
    world = fb_world
    a_well_answered_event(world)

    reply = feedback_command(world, path="mine")

    text = shown(reply)
    assert "Feedback on *Leeds data meet-up*" in text
    assert "*4 of 5 answered* (80%)" in text
    assert "*Average rating:* 3.8 out of 5, from 4 ratings" in text
    assert "I learned something I will put into practice: *67%* (2 of 3)" in text
    assert f"*What worked:* The data clinic\n— <@{GUESTS[0]}>" in text
    assert "*Could be better:* A bigger room\n— _anonymous_" in text
    assert GUESTS[1] not in text
    assert "&lt;!channel&gt; &lt;@U0VICTIM&gt;" in text
    assert "<!channel>" not in text
    assert "<@U0VICTIM>" not in text
    [export] = buttons(reply, ActionId.FEEDBACK_EXPORT)
    assert export["value"] == str(prompt_event_id(world))
    assert reply["response_type"] == "ephemeral"
    assert world.fake.violations == []


def prompt_event_id(world: World) -> int:
    [line] = world.runtime.services.feedback.summaries(TEAM, ORGANISER, text="Leeds data meet-up")
    return line.event.id


def test_with_two_answers_counts_show_but_no_average_and_no_named_comment(fb_world: World):
    world = fb_world
    event = held_event(world)
    ask(world, event)
    answer(world, GUESTS[0], 5, learned="agree", worked="Loved it, said Sam")
    answer(world, GUESTS[1], 1, better="Too loud", anonymous=True)

    text = shown(feedback_command(world, path="small"))

    assert "*2 of 5 answered* (40%)" in text
    assert "Average" not in text
    assert "Loved it" not in text
    assert GUESTS[0] not in text
    assert "Too loud" in text
    assert "1 comment with a name is held back while fewer than 3 people have answered" in text
    assert "The CSV export opens once 3 people have answered." in text


def test_people_who_may_not_see_an_events_feedback_are_refused_politely(fb_world: World):
    world = fb_world
    event = a_well_answered_event(world)

    member = shown(feedback_command(world, user=ME, path="member"))
    assert t("feedback.summary.not_organiser") in member
    assert "A bigger room" not in member

    for action, path in ((ActionId.FEEDBACK_SUMMARY_OPEN, "open"), (ActionId.FEEDBACK_EXPORT, "x")):
        refused = click(world, action, str(event.id), user=ME, path=path)
        assert t("feedback.errors.not_your_event") in shown(refused)
        assert "A bigger room" not in shown(refused)
    assert world.fake.calls_to("files.completeUploadExternal") == []

    admin = shown(click(world, ActionId.FEEDBACK_SUMMARY_OPEN, str(event.id), user=ADMIN, path="a"))
    assert "*4 of 5 answered* (80%)" in admin
    assert f"organised by <@{ORGANISER}>" in admin


def test_an_organiser_the_setting_names_reads_the_feedback_on_anothers_event(fb_world: World):
    """ORGANISERS names the programme's organisers: like admins, they read every event's
    feedback, not only their own events'."""
    world = fb_world
    event = a_well_answered_event(world)

    latest = shown(feedback_command(world, user=OTHER_ORGANISER, path="other"))
    assert "*4 of 5 answered* (80%)" in latest
    assert f"organised by <@{ORGANISER}>" in latest
    named = shown(feedback_command(world, "Leeds data", user=OTHER_ORGANISER, path="named"))
    assert "*4 of 5 answered* (80%)" in named

    opened = click(
        world, ActionId.FEEDBACK_SUMMARY_OPEN, str(event.id), user=OTHER_ORGANISER, path="open"
    )
    assert "A bigger room" in shown(opened)
    click(world, ActionId.FEEDBACK_EXPORT, str(event.id), user=OTHER_ORGANISER, path="export")
    world.fake.wait_for("files.completeUploadExternal")


def test_words_pick_one_event_or_offer_a_choice(fb_world: World):
    world = fb_world
    meet_up = held_event(world, title="Leeds data meet-up", going=GUESTS[:3])
    clinic = held_event(world, title="Leeds data clinic", going=GUESTS[3:], days=2)
    ask(world, meet_up, clinic)
    answer(world, GUESTS[3], 3, title="Leeds data clinic")

    choice = feedback_command(world, "leeds DATA", path="choice")
    assert "Several of your events match *leeds DATA*" in shown(choice)
    picks = buttons(choice, ActionId.FEEDBACK_SUMMARY_OPEN)
    assert sorted(b["value"] for b in picks) == sorted([str(meet_up.id), str(clinic.id)])

    [to_clinic] = [b for b in picks if b["value"] == str(clinic.id)]
    picked = click(world, to_clinic["action_id"], to_clinic["value"], path="picked")
    assert picked["replace_original"] is True
    assert "Feedback on *Leeds data clinic*" in shown(picked)
    assert "*1 of 3 answered* (33%)" in shown(picked)

    assert "Feedback on *Leeds data clinic*" in shown(feedback_command(world, "clinic", path="c"))
    exact = shown(feedback_command(world, "leeds data meet-up", path="exact"))
    assert "Feedback on *Leeds data meet-up*" in exact
    latest = feedback_command(world, path="latest")
    assert "Feedback on *Leeds data clinic*" in shown(latest)  # the latest event
    [other] = buttons(latest, ActionId.FEEDBACK_SUMMARY_OPEN)
    assert other["value"] == str(meet_up.id)

    unknown = shown(feedback_command(world, f"budget {HOSTILE}", path="unknown"))
    assert "None of your events with feedback has *budget &lt;!channel&gt;" in unknown
    assert "<!channel>" not in unknown
    assert world.fake.violations == []


def test_before_anyone_is_asked_and_for_an_unknown_event_the_answer_is_polite(fb_world: World):
    world = fb_world
    event = held_event(world)

    assert "None of your events has feedback yet" in shown(feedback_command(world, path="none"))
    not_yet = click(world, ActionId.FEEDBACK_SUMMARY_OPEN, str(event.id), path="not-yet")
    assert t("feedback.errors.not_asked_yet") in shown(not_yet)
    unknown = click(world, ActionId.FEEDBACK_SUMMARY_OPEN, "99999", path="unknown")
    assert t("feedback.errors.no_event") in shown(unknown)
    forged = click(world, ActionId.FEEDBACK_EXPORT, "<!channel>", path="forged")
    assert t("errors.expired") in shown(forged)
    help_text = shown(feedback_command(world, "help", path="help"))
    assert "`/event feedback [event]`" in help_text


# The summary sent when answers close ------------------------------------------------------------


def test_the_organiser_is_sent_the_summary_once_when_answers_close(fb_world: World):
    world = fb_world
    a_well_answered_event(world)
    feedback, outbox = world.runtime.services.feedback, world.runtime.services.outbox
    outbox.drain_due()
    assert summary_dms(world) == []  # answers are still open

    world.clock.advance(days=7)
    feedback.tick()
    outbox.drain_due()
    feedback.tick()
    outbox.drain_due()

    [dm] = summary_dms(world)
    text = shown(dm)
    assert "Answers about *Leeds data meet-up* have closed" in text
    assert "*4 of 5 answered* (80%)" in text
    assert "Final numbers" in text
    assert buttons(dm, ActionId.FEEDBACK_EXPORT)
    assert "<!channel>" not in text
    assert world.fake.violations == []


def test_no_summary_is_sent_for_an_event_cancelled_before_its_answers_close(fb_world: World):
    world = fb_world
    event = a_well_answered_event(world)
    world.runtime.services.events.cancel_event(TEAM, ORGANISER, event.id)
    world.clock.advance(days=7)
    world.runtime.services.feedback.tick()
    world.runtime.services.outbox.drain_due()
    assert summary_dms(world) == []


# The CSV export ---------------------------------------------------------------------------------


def test_the_csv_export_is_uploaded_to_the_organisers_dm_with_a_row_per_answer(fb_world: World):
    world = fb_world
    a_well_answered_event(world)
    reply = feedback_command(world, path="mine")
    [export] = buttons(reply, ActionId.FEEDBACK_EXPORT)

    told = click(world, export["action_id"], export["value"], path="export")

    assert "I've sent the feedback on *Leeds data meet-up* to our direct messages" in shown(told)
    [complete] = world.fake.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D" + ORGANISER[1:]
    [data] = world.fake.uploads.values()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert sorted(int(row["rating"]) for row in rows) == [2, 4, 4, 5]
    by_rating = {row["respondent"]: row for row in rows}
    assert set(by_rating) == {GUESTS[0], GUESTS[2], GUESTS[3], ""}  # the anonymous one: no name
    assert by_rating[""]["could_be_better"] == "A bigger room"
    assert by_rating[GUESTS[0]]["what_worked"] == "The data clinic"
    assert by_rating[GUESTS[0]]["learned"] == "agree"
    files = json.loads(complete.params["files"])
    assert files[0]["title"] == "Leeds data meet-up"


def test_too_few_answers_to_export_is_explained_and_nothing_is_sent(fb_world: World):
    world = fb_world
    event = held_event(world)
    ask(world, event)
    answer(world, GUESTS[0], 5)
    answer(world, GUESTS[1], 4)

    refused = click(world, ActionId.FEEDBACK_EXPORT, str(event.id), path="few")

    assert t("feedback.errors.too_few_to_export", needed=3) in shown(refused)
    assert world.fake.calls_to("files.getUploadURLExternal") == []


def test_slack_refusing_the_file_is_explained(fb_world: World):
    world = fb_world
    event = a_well_answered_event(world)
    world.fake.fail_next("files.getUploadURLExternal", status=200, error="not_allowed_token_type")

    told = click(world, ActionId.FEEDBACK_EXPORT, str(event.id), path="failed")

    assert "Slack wouldn't take the CSV file just now (not_allowed_token_type)" in shown(told)


# The App Home -----------------------------------------------------------------------------------


def published_home(world: World, user: str) -> dict[str, Any]:
    def mine(call: Call) -> bool:
        return call.params.get("user_id") == user

    before = len([call for call in world.fake.calls_to("views.publish") if mine(call)])
    world.slack.app_home_opened(user)
    calls = world.fake.wait_for("views.publish", count=before + 1, where=mine)
    view = calls[-1].params["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_the_home_tab_lists_what_awaits_an_answer_until_it_is_answered(fb_world: World):
    world = fb_world
    event = held_event(world)
    ask(world, event)
    guest = GUESTS[0]

    home = published_home(world, guest)

    assert "*Waiting for your answer*" in shown(home)
    assert "How useful was *Leeds data meet-up*?" in shown(home)
    [answer_button] = buttons(home, ActionId.FEEDBACK_MORE)
    assert answer_button["value"] == str(prompt_id(world, guest))
    world.runtime.services.feedback.rate(TEAM, guest, int(answer_button["value"]), 4)
    assert "Waiting for your answer" not in shown(published_home(world, guest))
    assert world.fake.violations == []


def test_the_home_tab_offers_the_way_back_to_someone_who_asked_not_to_be_asked(fb_world: World):
    world = fb_world
    feedback = world.runtime.services.feedback
    feedback.opt_out(TEAM, GUESTS[0])
    [again] = buttons(published_home(world, GUESTS[0]), ActionId.FEEDBACK_OPT_IN)
    assert again["text"]["text"] == "Ask me again"
    feedback.opt_in(TEAM, GUESTS[0])
    assert buttons(published_home(world, GUESTS[0]), ActionId.FEEDBACK_OPT_IN) == []


def test_the_home_tab_shows_organisers_their_feedback_and_opens_a_summary(fb_world: World):
    world = fb_world
    event = a_well_answered_event(world)

    home = published_home(world, ORGANISER)

    assert "*Feedback on your events*" in shown(home)
    assert "4 of 5 answered · average 3.8 out of 5 · open for answers" in shown(home)
    [see] = buttons(home, ActionId.FEEDBACK_SUMMARY_OPEN)
    assert see["value"] == str(event.id)
    assert "Feedback on your events" not in shown(published_home(world, ME))

    click(world, see["action_id"], see["value"], view={"type": "home"})
    [opened] = world.fake.wait_for("views.open")
    modal = opened.params["view"]
    modal = json.loads(modal) if isinstance(modal, str) else modal
    assert "*4 of 5 answered* (80%)" in shown(modal)

    [export] = buttons(modal, ActionId.FEEDBACK_EXPORT)
    click(world, export["action_id"], export["value"], view={"type": "modal", **modal})
    [pushed] = world.fake.wait_for("views.push")
    notice = pushed.params["view"]
    notice = json.loads(notice) if isinstance(notice, str) else notice
    assert "I've sent the feedback" in shown(notice)
    world.fake.wait_for("files.completeUploadExternal")
    assert world.fake.violations == []


def test_the_home_tab_of_an_organiser_without_feedback_says_what_will_come(fb_world: World):
    world = fb_world
    assert "No feedback yet" in shown(published_home(world, OTHER_ORGANISER))
