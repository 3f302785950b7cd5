"""The mentoring groups' builders, held to Slack's documented limits, to `handlers.ids` and to
the rule that typed text pings nobody, then read for what organisers and groups see."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.errors import DomainError
from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import (
    CheckInAnswer,
    Cycle,
    GroupMember,
    MentoringGroup,
    WaitingReason,
)
from bot.domain.people import Profile
from bot.domain.places import Gazetteer
from bot.domain.regions import REGIONS
from bot.i18n import placeholders, t
from bot.services.mentoring.checkins import CheckInAnswered, CheckInPrompt
from bot.services.mentoring.cycles import CloseOutcome
from bot.services.mentoring.groups import (
    CycleSummary,
    GroupStatus,
    Introduction,
    MemberCard,
    Overview,
)
from bot.services.mentoring.matching import WAITING_MESSAGES, MatchOutcome, Waiting
from handlers.ids import ActionId, base_action
from handlers.mentoring.blocks.checkins import (
    checkin_answered_message,
    checkin_message,
    checkin_value,
    read_checkin_value,
)
from handlers.mentoring.blocks.group_pieces import plain_date, slack_date, waiting_reason
from handlers.mentoring.blocks.introduction import introduction_message, thanks_message
from handlers.mentoring.blocks.labels import WAITING_STATUS
from handlers.mentoring.blocks.matching import (
    close_result_message,
    match_progress_message,
    match_result_message,
    not_organiser_message,
    unknown_region_message,
)
from handlers.mentoring.blocks.overview import overview_message, read_page_value
from tests.support.fake_slack import message_problems
from tests.support.payloads import mrkdwn_texts, walk

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
HOSTILE = "<!channel> <!here> <@U0VICTIM> <!subteam^S1> <http://x|y> & co"
HOSTILE_BITS = ("<!channel>", "<!here>", "<@U0VICTIM>", "<!subteam^S1>", "<http://x|y>")
REGION_NAMES = {region.code: region.name for region in REGIONS}
SECTION_TEXT = 3000
MESSAGE_BLOCKS = 50
ACTION_IDS = {member.value for member in ActionId}

DATE = re.compile(r"^<!date\^\d{9,11}\^\{date_long\}\|[^<>|]+>$")
LIVE = re.compile(r"<[^>]*>")


def cycle(number: int = 3, *, closed: bool = False) -> Cycle:
    started = NOW - timedelta(days=91 * (3 - number))
    return Cycle(
        id=number,
        team_id="T0001",
        number=number,
        started_at=started,
        ends_at=started + timedelta(days=91),
        closed_at=started + timedelta(days=91) if closed else None,
    )


def members(prefix: str, count: int) -> tuple[GroupMember, ...]:
    roles = (MentoringRole.CAN_MENTOR, MentoringRole.WANT_MENTOR, MentoringRole.PEER)
    return tuple(GroupMember(f"U0{prefix}{n:02d}", roles[n % 3]) for n in range(count))


def group(group_id: int = 1, size: int = 6, **changes: Any) -> MentoringGroup:
    values: dict[str, Any] = {
        "id": group_id,
        "team_id": "T0001",
        "cycle_id": 3,
        "members": members(f"G{group_id:02d}M", size),
        "shared_topics": ("data", "policy"),
        "mode": MeetingMode.IN_PERSON,
        "region_code": "TLE",
        "created_at": NOW,
        "meetings": 0,
        "rounds": 0,
        "next_checkin_at": NOW + timedelta(days=14),
    }
    values.update(changes)
    return MentoringGroup(**values)


def profile(user_id: str, **changes: Any) -> Profile:
    values: dict[str, Any] = {
        "team_id": "T0001",
        "user_id": user_id,
        "place_id": 2644688,
        "organisation": "Home Office",
        "job_title": "Policy adviser",
        "created_at": NOW,
        "updated_at": NOW,
        "confirmed_at": NOW,
        "can_help": ("data", "SQL"),
        "want_to_learn": ("leadership",),
    }
    values.update(changes)
    return Profile(**values)


def big_overview(page: int = 1, pages: int = 2) -> Overview:
    statuses = tuple(
        GroupStatus(
            group=group(
                n,
                shared_topics=tuple(f"{HOSTILE} topic {k} " + "x" * 40 for k in range(12)),
                meetings=n % 3,
                rounds=2,
            ),
            inactive=(f"U0G{n:02d}M01",),
            asked_last_round=6,
            answered_last_round=n % 6,
            met_last_round=n % 2 == 0,
        )
        for n in range(1, 9)
    )
    reasons = list(WaitingReason)
    waiting = tuple(
        Waiting(
            f"U0WAIT{n:04d}",
            reasons[n % len(reasons)],
            NOW + timedelta(days=30) if reasons[n % len(reasons)] is WaitingReason.PAUSED else None,
        )
        for n in range(200)
    )
    past = tuple(
        CycleSummary(cycle(number, closed=True), groups=9, people=50, groups_met=7)
        for number in (2, 1)
    )
    return Overview(
        cycle=cycle(),
        groups=statuses,
        page=page,
        pages=pages,
        total_groups=8 * pages,
        grouped=48 * pages,
        groups_met=5,
        waiting=waiting,
        past=past,
    )


def introduction(size: int = 6, **profile_changes: Any) -> Introduction:
    formed = group(7, size)
    cards = tuple(
        MemberCard(
            user_id=member.user_id,
            profile=profile(member.user_id, **profile_changes),
            place="Leeds, West Yorkshire",
            role=member.role.value,
            is_facilitator=index == 0,
        )
        for index, member in enumerate(formed.members)
    )
    region = Gazetteer.load().region("TLE")
    return Introduction(formed, cycle(), cards, formed.members[0].user_id, region)


def outcome(**changes: Any) -> MatchOutcome:
    values: dict[str, Any] = {
        "team_id": "T0001",
        "cycle": cycle(1),
        "region": None,
        "new_cycle": True,
        "groups": (group(1, 4), group(2, 5)),
        "waiting": (),
        "considered": 9,
        "already_grouped": 0,
    }
    values.update(changes)
    return MatchOutcome(**values)


# What every payload must be --------------------------------------------------------------------


def live_markup(payload: dict[str, Any], people: set[str]) -> list[str]:
    """Markup Slack would act on, other than the dates made here and mentions of `people`."""
    bad = []
    for text in mrkdwn_texts(payload):
        for found in LIVE.findall(text):
            if DATE.match(found) or (found.startswith("<@") and found[2:-1] in people):
                continue
            bad.append(found)
    return bad


def check(payload: dict[str, Any], people: set[str] | frozenset[str] = frozenset()) -> None:
    assert message_problems(payload, "chat.postMessage") == []
    assert len(payload["blocks"]) <= MESSAGE_BLOCKS
    for _, node in walk(payload["blocks"]):
        if node.get("type") == "section":
            assert len(node["text"]["text"]) <= SECTION_TEXT
        if isinstance(node.get("action_id"), str):
            assert base_action(node["action_id"]) in ACTION_IDS
    assert live_markup(payload, set(people)) == []
    for bit in HOSTILE_BITS:
        assert all(bit not in text for text in mrkdwn_texts(payload))


def everyone(*groups: MentoringGroup) -> set[str]:
    return {uid for g in groups for uid in g.member_ids}


def texts(payload: dict[str, Any]) -> str:
    return "\n".join(mrkdwn_texts(payload))


# The organisers' view ----------------------------------------------------------------------------


def test_a_big_overview_stays_within_slacks_limits_and_pages():
    overview = big_overview()
    payload = overview_message(overview, region_names=REGION_NAMES, page_size=8)

    people = everyone(*(s.group for s in overview.groups)) | {w.user_id for w in overview.waiting}
    check(payload, people)
    shown = texts(payload)
    assert "*Group 1*" in shown
    assert "*Group 8*" in shown
    assert "Waiting for a group: 200 people" in shown
    assert re.search(r"and \d+ more", shown)
    assert "&lt;!channel&gt;" in shown  # typed topics, shown inert
    assert "Page 1 of 2" in shown


def test_the_overview_counts_waiting_people_by_reason_and_names_some():
    waiting = (
        Waiting("U0A", WaitingReason.PAUSED, NOW + timedelta(days=3)),
        Waiting("U0B", WaitingReason.PAUSED),
        Waiting("U0C", WaitingReason.INACTIVE),
        Waiting("U0D", WaitingReason.TOO_FEW),
    )
    overview = Overview(None, (), 1, 1, 0, 0, 0, waiting, ())
    payload = overview_message(overview, region_names=REGION_NAMES, page_size=8)

    check(payload, {"U0A", "U0B", "U0C", "U0D"})
    shown = texts(payload)
    assert "No cycle of groups is running" in shown
    assert "• 2: paused" in shown
    assert "• 1: Slack account deactivated" in shown
    assert "• 1: too few people to form a group" in shown
    assert f"<@U0A>: paused until {plain_date(NOW + timedelta(days=3))}" in shown
    assert "and" not in shown.split("Waiting for a group")[1].split("\n")[-1]
    assert payload["text"] == "Mentoring groups: no cycle running"


@pytest.mark.parametrize(
    ("page", "pages", "labels", "values"),
    [
        (1, 1, [], []),
        (1, 3, ["Next"], ["2"]),
        (2, 3, ["Previous", "Next"], ["1", "3"]),
        (3, 3, ["Previous"], ["2"]),
    ],
)
def test_the_overview_pages_with_previous_and_next(page, pages, labels, values):
    payload = overview_message(big_overview(page, pages), region_names=REGION_NAMES, page_size=8)
    found = [
        node
        for _, node in walk(payload["blocks"])
        if isinstance(node.get("action_id"), str)
        and base_action(node["action_id"]) == ActionId.MENTORING_OVERVIEW_PAGE
    ]
    assert [b["text"]["text"] for b in found] == labels
    assert [b["value"] for b in found] == values
    assert [read_page_value(v) for v in values] == [int(v) for v in values]
    first = (page - 1) * 8 + 1
    assert f"*Group {first}*" in texts(payload)


def test_a_group_in_the_overview_shows_members_roles_departures_and_check_ins():
    formed = group(1, 4, meetings=2, rounds=3, mode=MeetingMode.ONLINE, region_code=None)
    status = GroupStatus(
        formed, ("U0G01M02",), asked_last_round=4, answered_last_round=3, met_last_round=True
    )
    overview = Overview(cycle(), (status,), 1, 1, 1, 4, 1, (), ())

    shown = texts(overview_message(overview, region_names=REGION_NAMES, page_size=8))

    assert "*Group 1* · 4 people · online" in shown
    assert "<@U0G01M00> (mentor)" in shown
    assert "<@U0G01M01> (mentee)" in shown
    assert "<@U0G01M02> (left Slack)" in shown
    assert "Shared topics: data, policy" in shown
    assert "Met 2 times · Last check-in (round 3): 3 of 4 answered, met" in shown
    assert "Nobody is waiting for a group." in shown


def test_a_group_not_yet_asked_says_when_its_first_check_in_is():
    status = GroupStatus(group(1, 3), (), 0, 0, met_last_round=False)
    overview = Overview(cycle(), (status,), 1, 1, 1, 3, 0, (), ())
    shown = texts(overview_message(overview, region_names=REGION_NAMES, page_size=8))
    assert "in person in Yorkshire and The Humber" in shown
    assert "Not met yet · First check-in <!date^" in shown


def test_earlier_cycles_show_the_share_of_groups_that_met():
    past = (CycleSummary(cycle(2, closed=True), groups=4, people=18, groups_met=3),)
    overview = Overview(None, (), 1, 1, 0, 0, 0, (), past)
    shown = texts(overview_message(overview, region_names=REGION_NAMES, page_size=8))
    assert "Cycle 2" in shown
    assert "4 groups, 18 people; 75% of groups met" in shown


# Matching and closing ----------------------------------------------------------------------------


def test_a_match_that_formed_groups_says_how_many_and_when_the_cycle_ends():
    payload = match_result_message(outcome(), minimum=3)
    check(payload)
    shown = texts(payload)
    assert "*Cycle 1 has started:* 2 groups formed, 9 people placed." in shown
    assert f"The cycle ends {slack_date(cycle(1).ends_at)}." in shown
    assert payload["text"] == "Mentoring match: 2 groups formed, 9 people placed"


def test_a_match_added_to_an_open_cycle_says_so_with_its_region_and_who_waits():
    region = Gazetteer.load().region("TLL")
    waiting = (
        Waiting("U0A", WaitingReason.NO_ROOM),
        Waiting("U0B", WaitingReason.PAUSED),
        Waiting("U0C", WaitingReason.NO_ROOM),
    )
    payload = match_result_message(
        outcome(new_cycle=False, groups=(group(1, 3),), region=region, waiting=waiting),
        minimum=3,
    )
    shown = texts(payload)
    assert "*Added to cycle 1:* 1 group formed, 3 people placed." in shown
    assert "Matched in *Wales* only." in shown
    assert "*Still waiting: 3 people*" in shown
    assert "• 1: paused" in shown
    assert "• 2: the groups were full" in shown


def test_a_match_with_too_few_people_says_why_nothing_formed():
    waiting = (Waiting("U0A", WaitingReason.TOO_FEW), Waiting("U0B", WaitingReason.TOO_FEW))
    payload = match_result_message(
        outcome(cycle=None, new_cycle=False, groups=(), waiting=waiting, considered=2),
        minimum=3,
    )
    assert payload["text"] == (
        "Too few people to form a group (2 waiting; groups need at least 3): "
        "they stay waiting and have been told."
    )


def test_a_match_with_everyone_grouped_forms_nothing_new():
    payload = match_result_message(
        outcome(new_cycle=False, groups=(), considered=0, already_grouped=12), minimum=3
    )
    assert payload["text"] == "Everyone waiting is already in a group: nothing new formed."


def test_a_match_with_nobody_waiting_says_how_people_join():
    region = Gazetteer.load().region("TLE")
    nobody = match_result_message(outcome(cycle=None, groups=(), considered=0), minimum=3)
    assert "People join with `/mentoring`" in nobody["text"]
    there = match_result_message(
        outcome(cycle=None, groups=(), considered=0, region=region), minimum=3
    )
    assert "Nobody in *Yorkshire and The Humber* is waiting" in there["text"]


def test_a_match_where_nobody_can_be_placed_says_so():
    waiting = (Waiting("U0A", WaitingReason.PAUSED), Waiting("U0B", WaitingReason.INACTIVE))
    payload = match_result_message(
        outcome(cycle=None, groups=(), waiting=waiting, considered=2), minimum=3
    )
    assert payload["text"].startswith("Nobody waiting can be placed now")
    assert "*Still waiting: 2 people*" in texts(payload)


def test_a_regional_match_with_nobody_there_names_the_region_even_mid_cycle():
    region = Gazetteer.load().region("TLL")
    payload = match_result_message(
        outcome(groups=(), considered=0, already_grouped=30, region=region), minimum=3
    )
    assert payload["text"].startswith("Nobody in *Wales* is waiting")


def test_progress_unknown_regions_refusals_and_closing_read_well():
    assert "Matching everyone waiting" in match_progress_message()["text"]
    assert "*Wales*" in match_progress_message("Wales")["text"]
    unknown = unknown_region_message(HOSTILE, [r.name for r in REGIONS])
    check(unknown)
    assert "Northern Ireland" in texts(unknown)
    assert "only organisers" in not_organiser_message()["text"]
    closed = close_result_message(CloseOutcome(cycle(2), groups=3, people=14))
    assert "*Cycle 2 is closed.* 3 groups (14 people) have been thanked" in texts(closed)
    empty = close_result_message(CloseOutcome(cycle(2), groups=0, people=0))
    assert "It had no groups." in texts(empty)


# What groups receive -----------------------------------------------------------------------------


def test_an_introduction_says_who_is_who_and_how_to_start():
    intro = introduction()
    payload = introduction_message(intro)

    check(payload, everyone(intro.group))
    shown = texts(payload)
    for member in intro.group.member_ids:
        assert f"*<@{member}>*" in shown
    assert "· mentor" in shown
    assert "· mentee" in shown
    assert "· peer" in shown
    assert "Policy adviser, Home Office" in shown
    assert "Based in Leeds, West Yorkshire" in shown
    assert "Can help with: data, SQL" in shown
    assert "Wants to learn: leadership" in shown
    assert "*What you share:* data, policy" in shown
    assert "*How you'll meet:* in person in Yorkshire and The Humber" in shown
    assert shown.count("\n• ") >= 3  # the agenda's bullet points
    assert f"<@{intro.facilitator}> facilitates the first session" in shown
    assert "cycle 3" in shown


def test_an_introduction_of_hostile_and_huge_profiles_stays_inert_and_within_limits():
    intro = introduction(
        job_title=HOSTILE * 10,
        organisation=HOSTILE * 10,
        can_help=tuple(f"{HOSTILE} {n}" * 5 for n in range(30)),
        want_to_learn=tuple(f"{HOSTILE} {n}" * 5 for n in range(30)),
    )
    payload = introduction_message(intro)
    check(payload, everyone(intro.group))
    assert "and 22 more" in texts(payload)


def test_a_check_in_offers_three_answers_that_read_back_exactly():
    formed = group(5, 4, meetings=1)
    prompt = CheckInPrompt(formed, cycle(), "U0G05M02", 2, formed.facilitator(), NOW)
    payload = checkin_message(prompt, since=NOW)

    check(payload, everyone(formed))
    found = [
        node
        for _, node in walk(payload["blocks"])
        if isinstance(node.get("action_id"), str)
        and base_action(node["action_id"]) == ActionId.MENTORING_CHECKIN
    ]
    assert [b["text"]["text"] for b in found] == ["Yes, we met", "Not yet", "We've stopped meeting"]
    assert len({b["action_id"] for b in found}) == 3
    chosen = [read_checkin_value(b["value"]) for b in found]
    assert [(c.group_id, c.round, c.user_id) for c in chosen] == [(5, 2, "U0G05M02")] * 3
    assert [c.answer for c in chosen] == list(CheckInAnswer)
    assert payload["text"] == f"Has your mentoring group met since {plain_date(NOW)}?"
    assert "<@U0G05M01> is due to facilitate the next session." in texts(payload)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "1:1:met",
        "1:1:maybe:U0ABC",
        "0:1:met:U0ABC",
        "1:0:met:U0ABC",
        "a:1:met:U0ABC",
        "1:1:met:<!channel>",
        "99999999999:1:met:U0ABC",
        "1:1:met:U0ABC:extra",
    ],
)
def test_odd_check_in_values_are_refused(value):
    with pytest.raises(DomainError) as raised:
        read_checkin_value(value)
    assert raised.value.key == "mentoring.checkin.unreadable"


@pytest.mark.parametrize("value", [None, "", "0", "-1", "x", "1.5", "999999", " 2"])
def test_odd_page_values_read_as_expired(value):
    with pytest.raises(DomainError) as raised:
        read_page_value(value)
    assert raised.value.key == "errors.expired"


def test_answers_are_confirmed_in_place_and_a_repeat_says_it_was_recorded():
    formed = group(5, 4, meetings=1)
    met = checkin_answered_message(
        CheckInAnswered(formed, CheckInAnswer.MET, changed=True, facilitator="U0G05M01")
    )
    assert met["text"] == (
        "Thanks, recorded: your group met. <@U0G05M01> facilitates the next session."
    )
    again = checkin_answered_message(
        CheckInAnswered(formed, CheckInAnswer.MET, changed=False, facilitator="U0G05M01")
    )
    assert again["text"].startswith("That answer was already recorded")
    stopped = checkin_answered_message(
        CheckInAnswered(formed, CheckInAnswer.STOPPED, changed=True, facilitator=None)
    )
    assert "stopped meeting" in stopped["text"]
    assert checkin_value(5, 2, CheckInAnswer.NOT_YET, "U0X") == "5:2:not_yet:U0X"


@pytest.mark.parametrize(
    ("meetings", "said"),
    [(0, ""), (1, "You told me the group met once."), (4, "You told me the group met 4 times.")],
)
def test_the_thank_you_says_what_happens_next(meetings, said):
    formed = group(3, 5, meetings=meetings)
    payload = thanks_message(formed, cycle(2, closed=True))
    check(payload, everyone(formed))
    shown = texts(payload)
    assert "Cycle 2 of mentoring groups has ended" in shown
    assert said in shown
    assert "*What happens next:*" in shown
    assert "`/mentoring leave`" in shown


# The catalogue -----------------------------------------------------------------------------------


def test_the_words_sent_as_plain_dms_need_nothing_filled_in():
    # The scheduler sends these with no parameters: nothing may be left to fill in.
    for key in (
        *WAITING_MESSAGES.values(),
        "mentoring.pause.over",
        "mentoring.checkin.paused_for_silence",
    ):
        assert placeholders(key) == frozenset()
        assert t(key)


def test_every_waiting_reason_has_words_for_organisers_and_for_the_person():
    for reason in WaitingReason:
        assert waiting_reason(Waiting("U0A", reason))
        assert t(WAITING_STATUS[reason])
