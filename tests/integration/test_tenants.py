"""Two workspaces, one app, one database: neither ever sees the other's people, events,
mentoring groups or feedback.

Everything goes through the app's HTTP endpoint as Slack sends it (signed, each request
carrying its own workspace's team id), and what is checked is what a person would notice:
what was posted, to whom, and what the answer said. Scheduled messages are sent by the outbox
under the controlled clock, as the scheduler's tick would.

The two workspaces are made in one place, the `tenants` fixture below, in both ways the app
can serve them: with one bot token, and installed in each through the OAuth flow. The tests use
only its `Workspace` and `Tenants` objects, so how the app reaches each workspace can change
there without any test changing.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import Runtime, build_runtime
from bot.domain.places import Gazetteer
from bot.i18n import t
from bot.server import WhoswhoWsgi
from handlers.events.forms import event_id_of
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from storage.models import OutboxRow
from tests.integration.conftest import SIGNING_SECRET, make_settings
from tests.integration.test_mentoring_signup import signup_values
from tests.integration.test_whoswho import form_values
from tests.integration.test_workspaces import Replica, install, oauth_settings
from tests.support.clock import FixedClock
from tests.support.fake_slack import OUTBOX_EVENT_TYPE, Call, FakeSlack
from tests.support.forms import event_form_values
from tests.support.payloads import walk
from tests.support.slack_client import SlackClient, external_value, plain_value
from tests.support.wsgi_server import serve_wsgi

# Two workspaces sharing one app -----------------------------------------------------------------

LEEDS_TEAM, CARDIFF_TEAM = "T0001", "T0002"
LEEDS_ORGANISER, CARDIFF_ORGANISER = "U0LEEDSORG", "U0CARDIFFORG"
LEEDS_PEOPLE = ("U0AMARA", "U0BEN", "U0CHLOE", "U0DEV", "U0ELLIS", "U0FARAH")
CARDIFF_PEOPLE = ("U0RHYS", "U0SIAN", "U0TOMOS", "U0URSULA", "U0VAUGHAN", "U0WYN")
# On Enterprise Grid a person has one global user id in every workspace of the organisation.
GRID_PERSON = "W0GWEN"
ORGANISATIONS = (
    "Department for Work and Pensions",
    "HM Revenue and Customs",
    "Home Office",
    "Ministry of Justice",
    "Department for Education",
    "Cabinet Office",
)


@dataclass
class Workspace:
    """One workspace the app is installed in, as its people use it: every request is signed
    and carries this workspace's team id."""

    team_id: str
    name: str
    fake: FakeSlack
    slack: SlackClient
    places: Gazetteer
    clock: FixedClock
    organiser: str  # a workspace admin, so an organiser
    people: tuple[str, ...]  # members who are not admins
    channel: str  # the workspace's channel for regional events
    members: set[str] = field(default_factory=set)  # everyone in the workspace
    titles: list[str] = field(default_factory=list)  # events announced here
    _paths: Iterator[int] = field(default_factory=itertools.count)

    def add_user(self, user_id: str, **fields: Any) -> None:
        self.fake.add_user(user_id, team_id=self.team_id, **fields)
        self.members.add(user_id)

    # Requests ----------------------------------------------------------------------------------

    def _path(self) -> str:
        return f"{self.team_id}/{next(self._paths)}"

    def _replies(self, path: str, count: int = 1) -> list[dict[str, Any]]:
        calls = self.fake.wait_for(
            "response_url", count=count, where=lambda call: call.params.get("_path") == path
        )
        return [call.params for call in calls]

    def command(
        self,
        command: str,
        text: str = "",
        *,
        user: str | None = None,
        channel: str | None = None,
        replies: int = 1,
    ) -> dict[str, Any]:
        """A slash command (by the first member unless `user`); the last of the `replies`
        answers the person is shown."""
        path = self._path()
        response = self.slack.command(
            command,
            text,
            user_id=user or self.people[0],
            channel_id=channel or self.channel,
            response_url=self.fake.response_url(path),
        )
        assert response.status == 200
        return self._replies(path, replies)[-1]

    def click(
        self, button: dict[str, Any], *, user: str, value: str | None = None
    ) -> dict[str, Any]:
        """A click on a button (or a menu's option) in a message; what the person is shown."""
        path = self._path()
        option = button.get("selected_option")
        response = self.slack.block_action(
            button["action_id"],
            value=button.get("value") if value is None else value,
            user_id=user,
            response_url=self.fake.response_url(path),
            action={"type": "overflow", "selected_option": option} if option else None,
        )
        assert response.status == 200
        [reply] = self._replies(path)
        return reply

    def submit(
        self, callback_id: str, values: dict[str, Any], *, user: str, private_metadata: str = ""
    ) -> dict[str, Any]:
        """A form sent; Slack's answer to it (empty when the form just closes)."""
        response = self.slack.view_submission(
            callback_id, values, user_id=user, private_metadata=private_metadata
        )
        assert response.status == 200
        return response.json()

    # What people do ----------------------------------------------------------------------------

    def place_id(self, name: str) -> int:
        place = self.places.read_query(name).place
        assert place is not None, name
        return place.id

    def _published(self, user: str) -> list[Call]:
        return [c for c in self.fake.calls_to("views.publish") if c.params.get("user_id") == user]

    def _await_publish(self, user: str, count: int) -> dict[str, Any]:
        calls = self.fake.wait_for(
            "views.publish", count=count, where=lambda call: call.params.get("user_id") == user
        )
        return loaded(calls[-1].params["view"])

    def home(self, user: str) -> dict[str, Any]:
        """The App Home tab `user` is shown when they open it here."""
        before = len(self._published(user))
        assert self.slack.app_home_opened(user).status == 200
        return self._await_publish(user, before + 1)

    def save_profile(self, user: str, *, place: str, job_title: str, can_help: str) -> None:
        """The profile form, filled in and saved (and the Home tab refreshed)."""
        before = len(self._published(user))
        values = form_values(
            self.place_id(place),
            organisation=ORGANISATIONS[sum(map(ord, user)) % len(ORGANISATIONS)],
            job_title=job_title,
            can_help=can_help,
        )
        values[BlockId.PLACE] = {
            ActionId.PLACE_SELECT: external_value(str(self.place_id(place)), place)
        }
        answer = self.submit(CallbackId.PROFILE_SUBMIT, values, user=user)
        assert answer["response_action"] == "update", answer
        self._await_publish(user, before + 1)

    def sign_up(self, user: str, topics: str = "data, policy") -> None:
        """The mentoring sign-up form, sent (and the Home tab refreshed)."""
        before = len(self._published(user))
        answer = self.submit(
            CallbackId.MENTORING_SIGNUP_SUBMIT, signup_values(topics=topics), user=user
        )
        assert answer == {}, answer
        self._await_publish(user, before + 1)

    def link(self, place: str) -> dict[str, Any]:
        """`/event link <place>` by the organiser, in the workspace's channel for events."""
        return self.command("/event", f"link {place}", user=self.organiser)

    def announce(self, title: str, *, place: str, days: int = 2) -> dict[str, Any]:
        """The organiser's event form, sent; the report they are sent on where it went."""
        start = self.clock.now() + timedelta(days=days)
        answer = self.submit(
            CallbackId.EVENT_SUBMIT,
            event_form(self.place_id(place), title, start),
            user=self.organiser,
            private_metadata=json.dumps({"tz": "Europe/London"}),
        )
        assert answer["response_action"] == "update", answer
        self.titles.append(title)
        [report] = self.fake.wait_for(
            "chat.postMessage",
            where=lambda call: (
                call.params.get("channel") == self.organiser and title in said(call.params)
            ),
        )
        return report.params

    def export(self, user: str) -> str:
        """`/whoswho export`: everything the direct messages it sends say."""
        before = len(dms_to(self.fake, user))
        reply = self.command("/whoswho", "export", user=user)
        assert t("privacy.export.sent") in said(reply)
        sent = dms_to(self.fake, user)[before:]
        assert sent
        return said(sent)


@dataclass
class Tenants:
    """Two workspaces served by one app on one database."""

    a: Workspace
    b: Workspace
    fake: FakeSlack
    runtime: Runtime
    clock: FixedClock

    def workspace(self, team_id: str) -> Workspace:
        return {self.a.team_id: self.a, self.b.team_id: self.b}[team_id]

    def other(self, workspace: Workspace) -> Workspace:
        return self.b if workspace is self.a else self.a

    def add_grid_user(self, user_id: str, **fields: Any) -> None:
        """One person in both workspaces under the same (Enterprise Grid) user id."""
        self.fake.add_user(
            user_id,
            team_id=self.a.team_id,
            enterprise_user={
                "id": user_id,
                "enterprise_id": "E0GRID",
                "teams": [self.a.team_id, self.b.team_id],
            },
            **fields,
        )
        self.a.members.add(user_id)
        self.b.members.add(user_id)

    # The scheduler's work ---------------------------------------------------------------------

    def send_due(self) -> None:
        self.runtime.services.outbox.drain_due()

    def feedback_tick(self) -> None:
        self.runtime.services.feedback.tick()
        self.send_due()

    def mentoring_tick(self) -> None:
        self.runtime.services.mentoring.tick()
        self.send_due()

    def outbox_teams(self) -> dict[str, str]:
        """The workspace each scheduled message was decided in, by its outbox id."""
        with self.runtime.engine.connect() as connection:
            rows = connection.execute(select(OutboxRow.id, OutboxRow.team_id))
            return {str(message_id): str(team) for message_id, team in rows}


def workspace_client(base_url: str, fake: FakeSlack, team_id: str, first_id: int) -> SlackClient:
    client = SlackClient(
        base_url,
        SIGNING_SECRET,
        team_id=team_id,
        user_id="U0NOBODY",
        response_url_factory=fake.response_url,
    )
    # Slack's event ids are unique across workspaces: each client numbers its own far apart.
    client._ids = itertools.count(first_id)
    return client


WORKSPACES = (
    (LEEDS_TEAM, "Leeds network", LEEDS_ORGANISER, LEEDS_PEOPLE, "C0LEEDSNET"),
    (CARDIFF_TEAM, "Cardiff network", CARDIFF_ORGANISER, CARDIFF_PEOPLE, "C0CARDIFFNET"),
)


@pytest.fixture(params=["one token", "installed"])
def tenants(request, engine, database_url, clock, gazetteer) -> Iterator[Tenants]:
    """The app serving two workspaces, "Leeds network" (A) and "Cardiff network" (B), each with
    its own organiser (an admin), six members and a channel for regional events.

    "one token": one bot token (SLACK_BOT_TOKEN) answers both, and the team id each request
    carries tells them apart. "installed": each workspace installed the app through the OAuth
    flow and is answered with its own token; the loopback Slack then refuses any call made with
    a token it did not issue, as Slack does.
    """
    installed = request.param == "installed"
    with FakeSlack(team_id=LEEDS_TEAM) as fake, ExitStack() as stack:
        fake.strict_tokens = installed
        settings = (
            oauth_settings(fake, database_url) if installed else make_settings(fake, database_url)
        )
        runtime = build_runtime(
            settings,
            clock=clock,
            engine=engine,
            gazetteer=gazetteer,
            raise_error_for_unhandled_request=True,
        )
        base_url = stack.enter_context(serve_wsgi(WhoswhoWsgi(runtime)))
        made: list[Workspace] = []
        for number, (team, name, organiser, people, channel) in enumerate(WORKSPACES):
            if installed:
                install(fake, Replica(runtime, base_url), team, name)
            workspace = Workspace(
                team_id=team,
                name=name,
                fake=fake,
                slack=workspace_client(base_url, fake, team, 1 + number * 1_000_000),
                places=gazetteer,
                clock=clock,
                organiser=organiser,
                people=people,
                channel=channel,
            )
            workspace.add_user(organiser, is_admin=True, real_name=f"{name} lead")
            for person in people:
                workspace.add_user(person, real_name=person.removeprefix("U0").title())
            made.append(workspace)
        yield Tenants(made[0], made[1], fake, runtime, clock)


# Reading what people are shown ------------------------------------------------------------------


def said(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def loaded(view: Any) -> dict[str, Any]:
    return json.loads(view) if isinstance(view, str) else view


def mentions(payload: Any) -> set[str]:
    """The people a message or view names (as Slack renders `<@U…>`)."""
    return set(re.findall(r"<@([UW][A-Z0-9]+)>", said(payload)))


def elements(payload: dict[str, Any], action: ActionId) -> list[dict[str, Any]]:
    return [
        node
        for _, node in walk(payload.get("blocks", []))
        if isinstance(node.get("action_id"), str) and base_action(node["action_id"]) == action
    ]


def searched_place(home: dict[str, Any]) -> str | None:
    """Where the Home tab says the person's profile is found in searches (None: nowhere)."""
    found = re.search(r"you appear in searches for \*([^*]+)\*", said(home))
    return found.group(1) if found else None


def element(payload: dict[str, Any], action: ActionId) -> dict[str, Any]:
    found = elements(payload, action)
    assert found, f"no {action} in {said(payload)[:300]}"
    return found[0]


def calls_in(fake: FakeSlack, channel: str, method: str = "chat.postMessage") -> list[Call]:
    return [
        call
        for call in fake.calls_to(method)
        if call.params.get("channel") == channel and not call.failed
    ]


def posts_in(fake: FakeSlack, channel: str, method: str = "chat.postMessage") -> list[dict]:
    return [call.params for call in calls_in(fake, channel, method)]


def sent_by(fake: FakeSlack, call: Call) -> str | None:
    """The workspace whose bot token a call to Slack came with (None: a token not issued by an
    install, as the one token serving both workspaces is)."""
    bot = fake.bots.get(call.token or "")
    return bot.team_id if bot is not None else None


def assert_sent_as(workspace: Workspace, calls: list[Call]) -> None:
    """Each call was made as `workspace`'s app, wherever the token tells."""
    for call in calls:
        assert sent_by(workspace.fake, call) in {None, workspace.team_id}, said(call.params)


def dms_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return posts_in(fake, user)


def scheduled_dms_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    """Direct messages the outbox sent to `user`."""
    return [dm for dm in dms_to(fake, user) if _outbox_id(dm) is not None]


def questions_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    """The feedback questions the outbox sent to `user`."""
    return [dm for dm in scheduled_dms_to(fake, user) if elements(dm, ActionId.FEEDBACK_RATE)]


def checkins_to(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [dm for dm in scheduled_dms_to(fake, user) if elements(dm, ActionId.MENTORING_CHECKIN)]


def announcement(workspace: Workspace, title: str) -> dict[str, Any]:
    [post] = [p for p in posts_in(workspace.fake, workspace.channel) if title in said(p)]
    return post


def settle() -> None:
    """Long enough for anything the app does after answering to reach Slack."""
    time.sleep(0.3)


def _outbox_id(params: dict[str, Any]) -> str | None:
    metadata = params.get("metadata")
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    if not isinstance(metadata, dict) or metadata.get("event_type") != OUTBOX_EVENT_TYPE:
        return None
    return str(metadata["event_payload"]["outbox_id"])


def assert_scheduled_messages_stayed_home(tenants: Tenants) -> int:
    """Every message the outbox posted went to people (or the group conversation of people)
    of the workspace it was decided in, and said nothing of the other workspace's events.
    How many were checked."""
    teams = tenants.outbox_teams()
    checked = 0
    for call in tenants.fake.calls_to("chat.postMessage"):
        outbox_id = _outbox_id(call.params)
        if call.failed or outbox_id is None:
            continue
        home = tenants.workspace(teams[outbox_id])
        channel = str(call.params["channel"])
        recipients = (
            tenants.fake.group_dm_members(channel) if channel.startswith("G") else [channel]
        )
        assert recipients, channel
        assert sent_by(tenants.fake, call) in {None, home.team_id}, said(call.params)
        strangers = [person for person in recipients if person not in home.members]
        assert strangers == [], f"{home.name}'s message went to {strangers}: {said(call.params)}"
        for title in tenants.other(home).titles:
            assert title not in said(call.params), f"{home.name}'s message names {title!r}"
        checked += 1
    return checked


# Arranging -------------------------------------------------------------------------------------


def event_form(place_id: int, title: str, start: datetime) -> dict[str, dict[str, Any]]:
    """The event form as an organiser fills it in: two hours, in person, at `place_id`."""
    return event_form_values(
        place_id=place_id, start=start, title=title, venue="Civic Hall", description="All welcome."
    )


def going(workspace: Workspace, title: str, people: tuple[str, ...]) -> None:
    """`people` click Going on the event's announcement."""
    button = element(announcement(workspace, title), ActionId.EVENT_GOING)
    for person in people:
        reply = workspace.click(button, user=person)
        assert reply["response_type"] == "ephemeral"


# People ----------------------------------------------------------------------------------------


def test_each_workspace_finds_only_its_own_people(tenants: Tenants):
    a, b = tenants.a, tenants.b
    amara, ben = a.people[:2]
    rhys, sian, tomos = b.people[:3]
    a.save_profile(amara, place="Leeds", job_title="Leeds network data lead", can_help="data")
    a.save_profile(ben, place="Cardiff", job_title="Leeds network member in Wales", can_help="data")
    b.save_profile(rhys, place="Cardiff", job_title="Cardiff network data lead", can_help="data")
    b.save_profile(
        sian, place="Leeds", job_title="Cardiff network member in Leeds", can_help="data"
    )

    # Both workspaces have people in both places: each search shows its own people only.
    for workspace, words, found in (
        (a, "Leeds", {amara}),
        (a, "Cardiff", {ben}),
        (a, "Yorkshire data", {amara}),
        (b, "Leeds", {sian}),
        (b, "Caerdydd", {rhys}),
        (b, "Yorkshire data", {sian}),
    ):
        reply = workspace.command("/whoswho", words)
        assert mentions(reply) == found, f"{workspace.name}: /whoswho {words}"
        assert tenants.other(workspace).name not in said(reply)

    # Searching from the Home tab's form, likewise.
    answer = b.submit(
        CallbackId.SEARCH_SUBMIT,
        {
            BlockId.SEARCH_PLACE: {InputId.SEARCH_PLACE: plain_value("Leeds")},
            BlockId.SEARCH_TOPICS: {InputId.SEARCH_TOPICS: plain_value(None)},
        },
        user=rhys,
    )
    assert answer["response_action"] == "update"
    assert mentions(answer["view"]) == {sian}

    # The Home tab and the export show a person what this workspace holds, nothing more.
    for workspace, person, place, job in (
        (a, amara, "Leeds", "Leeds network data lead"),
        (b, rhys, "Cardiff", "Cardiff network data lead"),
    ):
        other = tenants.other(workspace)
        home = workspace.home(person)
        assert searched_place(home).startswith(place)
        assert mentions(home) <= {person}
        assert other.name not in said(home)
        export = workspace.export(person)
        assert job in export
        assert workspace.team_id in export
        assert other.name not in export
        assert other.team_id not in export

    # Where only the other workspace has anyone, the search says nobody is near.
    b.save_profile(tomos, place="Swansea", job_title="Cardiff network, Swansea", can_help="data")
    assert mentions(b.command("/whoswho", "Swansea")) == {tomos}
    nobody = a.command("/whoswho", "Swansea")
    assert mentions(nobody) == set()
    assert "Nobody near" in said(nobody)
    assert tenants.fake.violations == []


def test_one_person_in_both_workspaces_keeps_two_separate_lives(tenants: Tenants):
    """Enterprise Grid: the same user id in both workspaces. What they do in one is not seen
    in the other, and asking one to forget them leaves the other as it was."""
    a, b = tenants.a, tenants.b
    tenants.add_grid_user(GRID_PERSON, real_name="Gwen")
    a.save_profile(GRID_PERSON, place="Leeds", job_title="Housing analyst", can_help="housing")
    b.save_profile(
        GRID_PERSON, place="Cardiff", job_title="Welsh language policy lead", can_help="Welsh"
    )
    b.sign_up(GRID_PERSON, topics="Welsh language")
    a.link("Leeds")
    a.announce("Leeds housing meet-up", place="Leeds")
    going(a, "Leeds housing meet-up", (GRID_PERSON,))

    leeds_in_a = said(a.command("/whoswho", "Leeds"))
    assert "Housing analyst" in leeds_in_a
    assert "Welsh language policy lead" not in leeds_in_a
    cardiff_in_b = said(b.command("/whoswho", "Cardiff"))
    assert "Welsh language policy lead" in cardiff_in_b
    assert "Housing analyst" not in cardiff_in_b
    assert GRID_PERSON not in mentions(b.command("/whoswho", "Leeds"))
    assert GRID_PERSON not in mentions(a.command("/whoswho", "Cardiff"))

    home_a, home_b = a.home(GRID_PERSON), b.home(GRID_PERSON)
    assert searched_place(home_a).startswith("Leeds")
    assert "Leeds housing meet-up" in said(home_a)
    assert searched_place(home_b).startswith("Cardiff")
    assert "Leeds housing meet-up" not in said(home_b)
    assert t("mentoring.home.none") in said(home_a)  # signed up in B only
    assert t("mentoring.home.none") not in said(home_b)

    export_a, export_b = a.export(GRID_PERSON), b.export(GRID_PERSON)
    assert "Housing analyst" in export_a
    assert "Leeds housing meet-up" in export_a
    assert "Welsh" not in export_a
    assert "Welsh language policy lead" in export_b
    assert "Housing analyst" not in export_b
    assert "Leeds housing meet-up" not in export_b

    # Forgotten in A: gone from A, and B keeps the profile and the sign-up.
    ask = a.command("/whoswho", "forget", user=GRID_PERSON)
    done = a.click(element(ask, ActionId.FORGET_CONFIRM), user=GRID_PERSON)
    assert "erased" in said(done)
    assert GRID_PERSON not in mentions(a.command("/whoswho", "Leeds"))
    assert "Housing analyst" not in a.export(GRID_PERSON)
    home_a = a.home(GRID_PERSON)
    assert searched_place(home_a) is None
    assert t("directory.status.none") in said(home_a)
    assert "Leeds housing meet-up" not in said(home_a)

    after = b.command("/whoswho", "Cardiff")
    assert GRID_PERSON in mentions(after)
    assert "Welsh language policy lead" in said(after)
    kept = b.export(GRID_PERSON)
    assert "Welsh language policy lead" in kept
    assert "Welsh language" in kept
    assert "mentoring" in kept
    home_b = b.home(GRID_PERSON)
    assert searched_place(home_b).startswith("Cardiff")
    assert t("mentoring.home.none") not in said(home_b)


# Events ----------------------------------------------------------------------------------------


def test_an_event_is_announced_and_listed_only_in_its_own_workspace(tenants: Tenants):
    a, b = tenants.a, tenants.b
    # Both workspaces announce Yorkshire's events in a channel of their own.
    assert "Yorkshire" in said(a.link("Leeds"))
    assert "Yorkshire" in said(b.link("Leeds"))
    channels_a = said(a.command("/event", "channels", user=a.organiser))
    assert f"<#{a.channel}>" in channels_a
    assert f"<#{b.channel}>" not in channels_a

    report_a = a.announce("Leeds network data meet-up", place="Leeds")
    report_b = b.announce("Cardiff network visit to Leeds", place="Leeds")

    assert f"<#{a.channel}>" in said(report_a)
    assert f"<#{b.channel}>" not in said(report_a)
    assert f"<#{b.channel}>" in said(report_b)
    assert f"<#{a.channel}>" not in said(report_b)
    settle()
    assert ["Leeds network data meet-up" in said(p) for p in posts_in(a.fake, a.channel)] == [True]
    assert ["Cardiff network visit" in said(p) for p in posts_in(b.fake, b.channel)] == [True]
    for workspace in (a, b):
        assert_sent_as(workspace, calls_in(a.fake, workspace.channel))
        assert_sent_as(workspace, calls_in(a.fake, workspace.organiser))

    for workspace in (a, b):
        [own] = workspace.titles
        [theirs] = tenants.other(workspace).titles
        for words in ("list", "list Leeds", "list Yorkshire"):
            listed = said(workspace.command("/event", words))
            assert own in listed, f"{workspace.name}: /event {words}"
            assert theirs not in listed, f"{workspace.name}: /event {words}"
        for person in (workspace.organiser, workspace.people[0]):
            home = said(workspace.home(person))
            assert theirs not in home
        assert own in said(workspace.home(workspace.organiser))
    assert tenants.fake.violations == []


def test_no_click_from_another_workspace_answers_changes_or_cancels_an_event(tenants: Tenants):
    a, b = tenants.a, tenants.b
    title = "Leeds network data meet-up"
    a.link("Leeds")
    a.announce(title, place="Leeds")
    post = announcement(a, title)
    going(a, title, (a.people[0],))
    tenants.fake.wait_for("chat.update", where=lambda call: call.params["channel"] == a.channel)
    settle()
    updates = len(posts_in(a.fake, a.channel, "chat.update"))
    event_id = event_id_of(element(post, ActionId.EVENT_GOING)["value"])
    gone = t("event.errors.gone")

    # B's people click A's buttons (Slack would never show them; a forger sends them anyway).
    for action in (ActionId.EVENT_GOING, ActionId.EVENT_NOT_GOING, ActionId.EVENT_DETAILS):
        for person in (b.people[0], b.organiser):
            reply = b.click(element(post, action), user=person)
            assert reply["response_type"] == "ephemeral"
            assert gone in said(reply)
            assert title not in said(reply)
    calendar = elements(post, ActionId.EVENT_CALENDAR)
    for button in calendar:
        if not button.get("url"):
            assert gone in said(b.click(button, user=b.people[0]))
    menu = element(post, ActionId.EVENT_MANAGE)
    for option in menu["options"]:
        chosen = {"action_id": menu["action_id"], "selected_option": option}
        assert gone in said(b.click(chosen, user=b.organiser))
    tenants.fake.assert_no_call("views.open", settle=0)

    # B's organiser sends the edit and cancel forms with A's event in them.
    metadata = json.dumps({"event_id": event_id, "tz": "Europe/London"})
    edited = b.submit(
        CallbackId.EVENT_SUBMIT,
        event_form(b.place_id("Leeds"), "Taken over", tenants.clock.now() + timedelta(days=3)),
        user=b.organiser,
        private_metadata=metadata,
    )
    assert edited["response_action"] == "update"
    assert gone in said(edited["view"])
    cancelled = b.submit(
        CallbackId.EVENT_CANCEL_SUBMIT, {}, user=b.organiser, private_metadata=metadata
    )
    assert cancelled == {}
    [told] = tenants.fake.wait_for(
        "chat.postMessage", where=lambda call: call.params.get("channel") == b.organiser
    )
    assert gone in said(told.params)

    # Nothing changed: A's announcement was not touched, and A still sees its event as it was.
    settle()
    assert len(posts_in(a.fake, a.channel, "chat.update")) == updates
    assert_sent_as(a, calls_in(a.fake, a.channel, "chat.update"))
    assert tenants.fake.calls_to("files.completeUploadExternal") == []
    listed = said(a.command("/event", "list"))
    assert title in listed
    assert "Taken over" not in listed
    assert t("event.counts.going", going=1) in listed
    assert title not in said(b.home(b.people[0]))
    assert title not in said(b.command("/event", "list"))
    for person in b.members:
        assert scheduled_dms_to(tenants.fake, person) == []
    assert tenants.fake.violations == []


# Mentoring groups ------------------------------------------------------------------------------


def test_mentoring_groups_are_formed_and_shown_within_one_workspace(tenants: Tenants):
    a, b = tenants.a, tenants.b
    # Everyone works in Leeds, so only the workspace can keep them apart.
    for workspace, people in ((a, a.people[:4]), (b, b.people[:2])):
        for person in people:
            workspace.save_profile(person, place="Leeds", job_title="Analyst", can_help="data")
            workspace.sign_up(person)

    too_few = said(b.command("/mentoring", "match", user=b.organiser, replies=2))
    assert "Too few people to form a group (2 waiting" in too_few
    tenants.send_due()
    for person in b.people[:2]:
        [note] = scheduled_dms_to(tenants.fake, person)
        assert "too few people were waiting" in said(note)
    for person in a.people:
        assert scheduled_dms_to(tenants.fake, person) == []

    started_a = said(a.command("/mentoring", "match", user=a.organiser, replies=2))
    assert "Cycle 1 has started" in started_a
    assert "4 people placed" in started_a
    for person in b.people[2:4]:
        b.save_profile(person, place="Leeds", job_title="Analyst", can_help="data")
        b.sign_up(person)
    started_b = said(b.command("/mentoring", "match", user=b.organiser, replies=2))
    assert "Cycle 1 has started" in started_b  # each workspace counts its own cycles
    assert "4 people placed" in started_b
    tenants.send_due()

    opened = sorted(
        sorted(str(call.params["users"]).split(","))
        for call in tenants.fake.calls_to("conversations.open")
        if "," in str(call.params["users"])
    )
    assert opened == sorted([sorted(a.people[:4]), sorted(b.people[:4])])
    for workspace in (a, b):
        members = set(workspace.people[:4])
        overview = workspace.command("/mentoring", "groups", user=workspace.organiser)
        assert mentions(overview) == members
        assert "Cycle 1" in said(overview)
        assert mentions(workspace.home(workspace.people[0])) <= members | {workspace.organiser}

    # Two weeks on, every member is asked whether their group met; B's people cannot answer
    # for A's group, even naming themselves in the button's value.
    tenants.clock.advance(days=14)
    tenants.mentoring_tick()
    for person in a.people[:4] + b.people[:4]:
        assert len(checkins_to(tenants.fake, person)) == 1
    met = element(checkins_to(tenants.fake, a.people[0])[0], ActionId.MENTORING_CHECKIN)
    intruder = b.people[0]
    forged = met["value"].rsplit(":", 1)[0] + f":{intruder}"
    for value in (met["value"], forged):
        reply = b.click(met, user=intruder, value=value)
        assert reply["replace_original"] is False
        assert "isn't yours to answer" in reply["text"]
    assert "met so far: 0 of 1" in said(a.command("/mentoring", "groups", user=a.organiser))

    own = b.click(
        element(checkins_to(tenants.fake, intruder)[0], ActionId.MENTORING_CHECKIN), user=intruder
    )
    assert "Thanks, recorded: your group met." in own["text"]
    assert "met so far: 1 of 1" in said(b.command("/mentoring", "groups", user=b.organiser))
    assert "met so far: 0 of 1" in said(a.command("/mentoring", "groups", user=a.organiser))

    assert assert_scheduled_messages_stayed_home(tenants) >= 2 + 2 + 8
    assert tenants.fake.violations == []


# Feedback --------------------------------------------------------------------------------------


def test_feedback_is_asked_of_and_shown_to_its_own_workspace_only(tenants: Tenants):
    a, b = tenants.a, tenants.b
    title_a, title_b = "Leeds data clinic", "Cardiff data clinic"
    for workspace, title, place in ((a, title_a, "Leeds"), (b, title_b, "Cardiff")):
        workspace.link(place)
        workspace.announce(title, place=place, days=1)
        going(workspace, title, workspace.people[:3])

    # The event is over: the scheduler's tick asks those who went, and only them.
    tenants.clock.advance(days=1, hours=3)
    tenants.feedback_tick()
    for workspace, title in ((a, title_a), (b, title_b)):
        for person in workspace.people[:3]:
            [question] = questions_to(tenants.fake, person)
            assert title in said(question)
        for person in (workspace.organiser, *workspace.people[3:]):
            assert questions_to(tenants.fake, person) == []

    for workspace, ratings in ((a, (5, 4, 4)), (b, (2, 2, 3))):
        for person, rating in zip(workspace.people[:3], ratings, strict=True):
            [question] = questions_to(tenants.fake, person)
            button = elements(question, ActionId.FEEDBACK_RATE)[rating - 1]
            assert f"{rating}/5" in workspace.click(button, user=person)["text"]

    # B's people cannot answer A's questions, in one click or in the form.
    question_a = questions_to(tenants.fake, a.people[0])[0]
    for person in (b.people[0], b.organiser):
        for action in (ActionId.FEEDBACK_RATE, ActionId.FEEDBACK_MORE):
            refused = b.click(element(question_a, action), user=person)
            assert t("feedback.errors.gone") in refused["text"]
    tenants.fake.assert_no_call("views.open", settle=0)

    # Each organiser reads their own event's feedback.
    summary_a = said(a.command("/event", "feedback", user=a.organiser))
    assert f"Feedback on *{title_a}*" in summary_a
    assert "*3 of 3 answered*" in summary_a
    assert "4.3 out of 5" in summary_a
    summary_b = said(b.command("/event", "feedback", user=b.organiser))
    assert f"Feedback on *{title_b}*" in summary_b
    assert "2.3 out of 5" in summary_b
    assert title_a not in summary_b

    # B's organiser (an admin, who may read all of B's feedback) names A's event, or sends
    # its id in a button: it is not there for them.
    named = said(b.command("/event", f"feedback {title_a}", user=b.organiser))
    assert title_b not in named
    assert "None of your events with feedback has" in named
    export_a = element(a.command("/event", "feedback", user=a.organiser), ActionId.FEEDBACK_EXPORT)
    for action in (ActionId.FEEDBACK_SUMMARY_OPEN, ActionId.FEEDBACK_EXPORT):
        forged = {"action_id": action, "value": export_a["value"]}
        refused = said(b.click(forged, user=b.organiser))
        assert t("feedback.errors.no_event") in refused
        assert "4.3" not in refused
    assert tenants.fake.calls_to("files.getUploadURLExternal") == []
    home_b = said(b.home(b.organiser))
    assert title_b in home_b
    assert title_a not in home_b
    assert title_a in said(a.home(a.organiser))

    # A week on, answers close: each organiser is sent their own event's summary.
    tenants.clock.advance(days=7)
    tenants.feedback_tick()
    for workspace, title in ((a, title_a), (b, title_b)):
        closed = [
            dm for dm in scheduled_dms_to(tenants.fake, workspace.organiser) if "closed" in said(dm)
        ]
        assert [f"*{title}* have closed" in said(dm) for dm in closed] == [True]
    assert "4.3 out of 5" in said(a.command("/event", "feedback", user=a.organiser))

    assert assert_scheduled_messages_stayed_home(tenants) >= 6 + 2
    assert tenants.fake.violations == []


# Scheduled messages ----------------------------------------------------------------------------


def test_scheduled_messages_go_to_their_own_workspaces_people(tenants: Tenants):
    a, b = tenants.a, tenants.b
    tenants.add_grid_user(GRID_PERSON, real_name="Gwen")
    title_a, title_b = "Leeds network breakfast", "Cardiff network breakfast"
    for workspace, title, days in ((a, title_a, 2), (b, title_b, 3)):
        workspace.link("Leeds")
        workspace.announce(title, place="Leeds", days=days)
        going(workspace, title, (*workspace.people[:2], GRID_PERSON))

    # A's breakfast: its day-before reminders, then it ends and those who went are asked (and
    # B's day-before reminders go out).
    tenants.clock.advance(days=1, hours=1)
    tenants.send_due()
    tenants.clock.advance(days=1, hours=2)
    tenants.feedback_tick()
    # The person in both workspaces tells A not to ask for feedback again: B still asks.
    [question] = [q for q in questions_to(tenants.fake, GRID_PERSON) if title_a in said(q)]
    stop = a.click(element(question, ActionId.FEEDBACK_OPT_OUT), user=GRID_PERSON)
    assert "I won't ask you for feedback any more" in stop["text"]
    tenants.clock.advance(days=1)
    tenants.feedback_tick()

    for workspace, title in ((a, title_a), (b, title_b)):
        theirs = tenants.other(workspace).titles[0]
        for person in workspace.people[:2]:
            sent = scheduled_dms_to(tenants.fake, person)
            assert len(sent) == 2  # the reminder and the feedback question
            assert all(title in said(dm) for dm in sent)
            assert not any(theirs in said(dm) for dm in sent)
        for person in (workspace.organiser, *workspace.people[2:]):
            assert scheduled_dms_to(tenants.fake, person) == []
    # The person in both workspaces was reminded of and asked about each event once.
    grid = scheduled_dms_to(tenants.fake, GRID_PERSON)
    assert len(grid) == 4
    assert sum(title_a in said(dm) for dm in grid) == 2
    assert sum(title_b in said(dm) for dm in grid) == 2

    assert assert_scheduled_messages_stayed_home(tenants) == 4 + 4 + 4
    assert tenants.fake.violations == []
