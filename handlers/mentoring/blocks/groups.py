"""Block Kit for mentoring groups once they are formed: the organisers' replies to
`/mentoring match`, `close` and `groups`, and the messages groups receive (the introduction,
each member's check-in and the thank-you).

Pure functions from the service's results to Slack's JSON. Everything people typed (job titles,
organisations, topics, words after a command) is escaped; the only live markup made here is a
date (`<!date^…>`, shown in each reader's own words, with a plain fallback in UK time) and
mentions of people built from their Slack ids.

A check-in button's value carries the group, the round, the answer and whose check-in it is
(`"12:3:met:U0123"`); a page button's value carries the page number (`"2"`). Both are read
back strictly: anything else is refused politely.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError
from bot.domain.mentoring import MeetingMode
from bot.domain.mentoring_programme import CheckInAnswer, WaitingReason
from bot.i18n import t
from handlers.ids import ActionId, indexed
from handlers.ui.common import (
    MAX_MESSAGE_BLOCKS,
    Block,
    actions,
    button,
    clip,
    context,
    divider,
    escape,
    header,
    message,
    section,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from bot.domain.mentoring_programme import Cycle, MentoringGroup
    from bot.domain.people import Profile
    from bot.services.mentoring import (
        CheckInAnswered,
        CheckInPrompt,
        CloseOutcome,
        CycleSummary,
        GroupStatus,
        Introduction,
        MatchOutcome,
        MemberCard,
        Overview,
        Waiting,
    )

UK_TIME = ZoneInfo("Europe/London")
TOPIC_CHARS = 60  # of one topic as shown
TOPICS_SHOWN = 8  # topics in one list before "and N more"
PROFILE_LINE = 200  # characters of a job title or organisation as shown
HOPES_CHARS = 500  # of what someone hopes to get from it (a sign-up keeps 500)
WAITING_LISTED = 30  # people named in the organisers' view before "and N more"
WAITING_TEXT = 2400  # characters of that list: a section holds 3,000
GROUPS_ON_A_PAGE = 12  # the service pages 8 groups; this bounds the blocks whatever it sends
MEMBER_CARDS = 8  # a group DM holds at most 8 people besides the app
MAX_PAGE = 10_000

_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_CHECKIN_VALUE = re.compile(r"^(\d{1,10}):(\d{1,4}):([a-z_]{1,20}):([UW][A-Z0-9]{2,30})$")
_PAGE_VALUE = re.compile(r"^\d{1,5}$")

CHECKIN_ANSWERS = (CheckInAnswer.MET, CheckInAnswer.NOT_YET, CheckInAnswer.STOPPED)


# Pieces ----------------------------------------------------------------------------------------


def mention(user_id: str) -> str:
    """A mention built from a Slack id; anything that is not one is shown inert."""
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def _mentions(user_ids: Sequence[str]) -> str:
    return ", ".join(mention(uid) for uid in user_ids)


def plain_date(moment: datetime) -> str:
    local = moment.astimezone(UK_TIME)
    return t(
        "mentoring.groups.date.fallback",
        weekday=t("mentoring.groups.date.weekdays").split()[local.weekday()],
        day=local.day,
        month=t("mentoring.groups.date.months").split()[local.month - 1],
        year=local.year,
    )


def slack_date(moment: datetime) -> str:
    """`<!date^…>`: each reader sees the date in their own words and zone."""
    tokens = t("mentoring.groups.date.tokens")
    return f"<!date^{int(moment.timestamp())}^{tokens}|{plain_date(moment)}>"


def _count(noun: str, count: int) -> str:
    key = f"mentoring.groups.count.{noun}.{'one' if count == 1 else 'many'}"
    return t(key, count=count)


def _topics(topics: Sequence[str], limit: int = TOPICS_SHOWN) -> str:
    """Typed topics, each clipped and escaped, at most `limit` of them."""
    shown = ", ".join(escape(clip(topic, TOPIC_CHARS)) for topic in topics[:limit])
    if len(topics) > limit:
        shown += " " + t("mentoring.groups.list_and_more", count=len(topics) - limit)
    return shown


def _role(role: str) -> str:
    key = f"mentoring.groups.role.{role}"
    return t(key) if role in {"can_mentor", "want_mentor", "peer"} else escape(role)


def meeting_mode(mode: MeetingMode, region_name: str | None) -> str:
    """How a group meets, in words: "in person in Wales", "online"."""
    if mode is MeetingMode.ONLINE:
        return t("mentoring.groups.mode.online")
    base = "in_person" if mode is MeetingMode.IN_PERSON else "either"
    if region_name:
        return t(f"mentoring.groups.mode.{base}_region", region=escape(region_name))
    return t(f"mentoring.groups.mode.{base}")


def waiting_reason(waiting: Waiting) -> str:
    if waiting.reason is WaitingReason.PAUSED and waiting.until is not None:
        return t("mentoring.waiting.reason.paused_until", date=plain_date(waiting.until))
    return t(f"mentoring.waiting.reason.{waiting.reason.value}")


def _reason_counts(waiting: Sequence[Waiting]) -> list[str]:
    counts = Counter(w.reason for w in waiting)
    return [
        t(
            "mentoring.waiting.count_line",
            count=count,
            reason=t(f"mentoring.waiting.reason.{reason.value}"),
        )
        for reason in WaitingReason
        if (count := counts.get(reason, 0))
    ]


def _section_text(lines: Sequence[str]) -> str:
    """Lines of one section (`section` clips it to Slack's limit without breaking markup)."""
    return "\n".join(line for line in lines if line)


# Button values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckInChoice:
    """A click on a check-in button: which group and round, the answer, and whose it was."""

    group_id: int
    round: int
    answer: CheckInAnswer
    user_id: str


def checkin_value(group_id: int, round_: int, answer: CheckInAnswer, user_id: str) -> str:
    return f"{group_id}:{round_}:{answer.value}:{user_id}"


def read_checkin_value(value: str | None) -> CheckInChoice:
    """A check-in button's value back into what was chosen; anything else is refused."""
    found = _CHECKIN_VALUE.match(value or "")
    if found is None:
        raise DomainError("mentoring.checkin.unreadable")
    try:
        answer = CheckInAnswer(found.group(3))
    except ValueError:
        raise DomainError("mentoring.checkin.unreadable") from None
    group_id, round_ = int(found.group(1)), int(found.group(2))
    if not 1 <= group_id < 2**31 or round_ < 1:  # ids are 32-bit integers in the database
        raise DomainError("mentoring.checkin.unreadable")
    return CheckInChoice(group_id, round_, answer, found.group(4))


def read_page_value(value: str | None) -> int:
    """A page button's value back into a page number; a forged one reads as expired."""
    if value is None or not _PAGE_VALUE.match(value) or not 1 <= int(value) <= MAX_PAGE:
        raise DomainError("errors.expired")
    return int(value)


# /mentoring match and close --------------------------------------------------------------------


def match_progress_message(region_name: str | None = None) -> dict[str, Any]:
    if region_name:
        text = t("mentoring.match.running_region", region=escape(region_name))
    else:
        text = t("mentoring.match.running")
    return message(text, [section(text)])


def _nothing_formed(outcome: MatchOutcome, region: str | None, too_few: int, minimum: int) -> str:
    """Why a match formed no group."""
    if too_few:
        return t("mentoring.match.too_few", count=too_few, minimum=minimum)
    if region and not outcome.considered:
        return t("mentoring.match.nobody_region", region=region)
    if outcome.already_grouped:
        return t("mentoring.match.nothing_new")
    if outcome.considered:  # everyone waiting is paused or has left Slack
        return t("mentoring.match.none_placeable")
    return t("mentoring.match.nobody")


def match_result_message(outcome: MatchOutcome, *, minimum: int) -> dict[str, Any]:
    """What a match did: the groups and the cycle, or why nothing was formed; who waits, why."""
    region = _matched_in(outcome)
    too_few = [w for w in outcome.waiting if w.reason is WaitingReason.TOO_FEW]
    blocks: list[Block] = []
    if outcome.groups and outcome.cycle is not None:
        key = "mentoring.match.new_cycle" if outcome.new_cycle else "mentoring.match.added"
        groups, people = _count("groups", len(outcome.groups)), _count("people", outcome.placed)
        text = t(
            key,
            number=outcome.cycle.number,
            groups=groups,
            people=people,
            ends=slack_date(outcome.cycle.ends_at),
        )
        fallback = t("mentoring.match.fallback", groups=groups, people=people)
        lines = [text, _matched_in_line(outcome, region) if region else ""]
        lines.append(t("mentoring.match.introductions"))
        blocks.append(section(_section_text(lines)))
    else:
        fallback = _nothing_formed(outcome, region, len(too_few), minimum)
        blocks.append(section(fallback))
    if outcome.waiting:
        heading = t(
            "mentoring.match.waiting_heading", people=_count("people", len(outcome.waiting))
        )
        blocks.append(section(_section_text([heading, *_reason_counts(outcome.waiting)])))
    blocks.append(context(t("mentoring.match.view_hint")))
    return message(fallback, blocks)


def _matched_in(outcome: MatchOutcome) -> str | None:
    """Where a match was limited to, escaped: the ONS area typed, or the region."""
    if outcome.area is not None:
        return escape(outcome.area.name)
    return escape(outcome.region.name) if outcome.region else None


def _matched_in_line(outcome: MatchOutcome, where: str) -> str:
    if outcome.area is not None:
        return t("mentoring.match.area", area=where)
    if outcome.via:
        return t("mentoring.match.region_of", region=where, place=escape(outcome.via))
    return t("mentoring.match.region", region=where)


def unknown_region_message(
    typed: str, region_names: Sequence[str], *, suggestions: str = ""
) -> dict[str, Any]:
    """The words a match's region could not be read from, names like them, and how to name
    a region or area."""
    text = t("mentoring.errors.unknown_region", text=escape(clip(typed.strip(), 80)))
    names = ", ".join(escape(name) for name in region_names)
    blocks = [section(text)]
    if suggestions:
        blocks.append(context(t("mentoring.match.did_you_mean", names=escape(suggestions))))
    if names:
        blocks.append(context(t("mentoring.match.unknown_region_names", names=names)))
    return message(text, blocks)


def not_organiser_message() -> dict[str, Any]:
    text = t("mentoring.errors.not_organiser")
    return message(text, [section(text)])


def close_result_message(outcome: CloseOutcome) -> dict[str, Any]:
    number = outcome.cycle.number
    if outcome.groups:
        text = t(
            "mentoring.close.done",
            number=number,
            groups=_count("groups", outcome.groups),
            people=_count("people", outcome.people),
        )
    else:
        text = t("mentoring.close.done_empty", number=number)
    return message(t("mentoring.close.fallback", number=number), [section(text)])


# /mentoring groups: the organisers' view -------------------------------------------------------


def overview_page_value(page: int) -> str:
    return str(page)


def _group_block(
    status: GroupStatus, number: int, region_names: Mapping[str, str], cycle: Cycle
) -> Block:
    group = status.group
    region = region_names.get(group.region_code or "")
    title = t(
        "mentoring.groups.group_title",
        number=number,
        people=_count("people", len(group.members)),
        mode=meeting_mode(group.mode, region),
    )
    left = set(status.inactive)
    members = ", ".join(
        t("mentoring.groups.member_left", member=mention(m.user_id))
        if m.user_id in left
        else t("mentoring.groups.member", member=mention(m.user_id), role=_role(m.role.value))
        for m in group.members
    )
    topics = (
        t("mentoring.groups.topics", topics=_topics(group.shared_topics))
        if group.shared_topics
        else t("mentoring.groups.no_topics")
    )
    met = (
        t("mentoring.groups.meetings.none")
        if group.meetings == 0
        else t(
            f"mentoring.groups.meetings.{'one' if group.meetings == 1 else 'many'}",
            count=group.meetings,
        )
    )
    if group.rounds == 0:
        first = group.next_checkin_at
        checkin = (
            t("mentoring.groups.checkin.none", date=slack_date(first))
            if first is not None and first < cycle.ends_at
            else t("mentoring.groups.checkin.none_undated")
        )
    else:
        checkin = t(
            "mentoring.groups.checkin.met"
            if status.met_last_round
            else "mentoring.groups.checkin.not_met",
            round=group.rounds,
            answered=status.answered_last_round,
            members=status.asked_last_round,
        )
    return section(_section_text([title, members, topics, f"{met} · {checkin}"]))


def _waiting_block(waiting: Sequence[Waiting]) -> Block:
    if not waiting:
        return section(t("mentoring.groups.waiting_none"))
    lines = [
        t("mentoring.groups.waiting_heading", people=_count("people", len(waiting))),
        *_reason_counts(waiting),
    ]
    length = sum(len(line) + 1 for line in lines)
    listed = 0
    for person in waiting[:WAITING_LISTED]:
        line = "• " + t(
            "mentoring.groups.waiting_person",
            member=mention(person.user_id),
            reason=waiting_reason(person),
        )
        if length + len(line) + 1 > WAITING_TEXT:
            break
        lines.append(line)
        length += len(line) + 1
        listed += 1
    if listed < len(waiting):
        lines.append(t("mentoring.groups.list_and_more", count=len(waiting) - listed))
    return section(_section_text(lines))


def _past_line(summary: CycleSummary) -> str:
    cycle = summary.cycle
    share = round(100 * summary.groups_met / summary.groups) if summary.groups else 0
    return t(
        "mentoring.groups.past_line",
        number=cycle.number,
        start=slack_date(cycle.started_at),
        end=slack_date(cycle.closed_at or cycle.ends_at),
        groups=_count("groups", summary.groups),
        people=_count("people", summary.people),
        share=share,
    )


def _paging(page: int, pages: int) -> list[Block]:
    if pages <= 1:
        return []
    buttons = []
    if page > 1:
        buttons.append(
            button(
                t("buttons.previous"),
                indexed(ActionId.MENTORING_OVERVIEW_PAGE, 0),
                overview_page_value(page - 1),
            )
        )
    if page < pages:
        buttons.append(
            button(
                t("buttons.next"),
                indexed(ActionId.MENTORING_OVERVIEW_PAGE, 1),
                overview_page_value(page + 1),
            )
        )
    return [context(t("paging.status", page=page, pages=pages)), actions(*buttons)]


def overview_message(
    overview: Overview, *, region_names: Mapping[str, str], page_size: int
) -> dict[str, Any]:
    """The current cycle (a page of its groups), who is waiting and why, the last cycles."""
    blocks: list[Block] = [header(t("mentoring.groups.heading"))]
    cycle = overview.cycle
    if cycle is None:
        fallback = t("mentoring.groups.fallback_none")
        blocks.append(section(t("mentoring.groups.no_cycle")))
    else:
        fallback = t("mentoring.groups.fallback", number=cycle.number)
        blocks.append(
            section(
                t(
                    "mentoring.groups.cycle",
                    number=cycle.number,
                    start=slack_date(cycle.started_at),
                    end=slack_date(cycle.ends_at),
                    groups=_count("groups", overview.total_groups),
                    people=_count("people", overview.grouped),
                    met=overview.groups_met,
                    total=overview.total_groups,
                )
            )
        )
        if not overview.groups:
            blocks.append(section(t("mentoring.groups.none_formed")))
        first = (overview.page - 1) * page_size + 1
        for offset, status in enumerate(overview.groups[:GROUPS_ON_A_PAGE]):
            blocks.append(divider())
            blocks.append(_group_block(status, first + offset, region_names, cycle))
    blocks.append(divider())
    blocks.append(_waiting_block(overview.waiting))
    if overview.past:
        lines = [t("mentoring.groups.past_heading"), *map(_past_line, overview.past)]
        blocks.append(section(_section_text(lines)))
    blocks.extend(_paging(overview.page, overview.pages))
    return message(fallback, blocks[:MAX_MESSAGE_BLOCKS])


# What groups receive -------------------------------------------------------------------------


def _profile_lines(profile: Profile | None, place: str | None) -> list[str]:
    if profile is None:
        return []
    works = t(
        "mentoring.intro.works_as",
        job_title=escape(clip(profile.job_title, PROFILE_LINE)),
        organisation=escape(clip(profile.organisation, PROFILE_LINE)),
    )
    lines = [works]
    if place:
        lines.append(t("mentoring.intro.place", place=escape(clip(place, PROFILE_LINE))))
    if profile.can_help:
        lines.append(t("mentoring.intro.can_help", topics=_topics(profile.can_help)))
    if profile.want_to_learn:
        lines.append(t("mentoring.intro.want_to_learn", topics=_topics(profile.want_to_learn)))
    return lines


def _member_block(card: MemberCard) -> Block:
    first = t("mentoring.intro.member", member=mention(card.user_id), role=_role(card.role))
    lines = [first, *_profile_lines(card.profile, card.place)]
    if card.hopes:
        lines.append(t("mentoring.intro.hopes", hopes=escape(clip(card.hopes, HOPES_CHARS))))
    return section(_section_text(lines))


def introduction_message(intro: Introduction) -> dict[str, Any]:
    """A group's introduction, in its own conversation: who is who, what they share, how they
    will meet, an agenda for the first session and who facilitates it."""
    group, cycle = intro.group, intro.cycle
    members = _mentions(group.member_ids)
    blocks: list[Block] = [
        header(t("mentoring.intro.header")),
        section(
            t(
                "mentoring.intro.hello",
                members=members,
                number=cycle.number,
                ends=slack_date(cycle.ends_at),
            )
        ),
    ]
    blocks.extend(_member_block(card) for card in intro.members[:MEMBER_CARDS])
    shared = (
        t("mentoring.intro.shared", topics=_topics(group.shared_topics))
        if group.shared_topics
        else t("mentoring.intro.shared_none")
    )
    region = intro.region.name if intro.region else None
    meet = t("mentoring.intro.meet", mode=meeting_mode(group.mode, region))
    blocks.append(divider())
    blocks.append(section(_section_text([shared, meet])))
    agenda = t("mentoring.intro.agenda_heading") + "\n" + t("mentoring.intro.agenda")
    blocks.append(section(agenda))
    blocks.append(section(t("mentoring.intro.facilitator", member=mention(intro.facilitator))))
    first = group.next_checkin_at
    note = (
        t("mentoring.intro.checkins", date=slack_date(first))
        if first is not None
        else t("mentoring.intro.checkins_none")
    )
    blocks.append(context(note))
    return message(t("mentoring.intro.fallback", members=members), blocks)


def checkin_message(prompt: CheckInPrompt, *, since: datetime) -> dict[str, Any]:
    """One member's check-in: has the group met since `since`? Three one-click answers."""
    group = prompt.group
    question = t("mentoring.checkin.question", date=slack_date(since))
    buttons = [
        button(
            t(f"mentoring.checkin.{answer.value}"),
            indexed(ActionId.MENTORING_CHECKIN, index),
            checkin_value(group.id, prompt.round, answer, prompt.user_id),
            style="primary" if answer is CheckInAnswer.MET else None,
        )
        for index, answer in enumerate(CHECKIN_ANSWERS)
    ]
    notes = [t("mentoring.checkin.group", members=_mentions(group.member_ids))]
    if prompt.facilitator:
        notes.append(t("mentoring.checkin.next_facilitator", member=mention(prompt.facilitator)))
    blocks: list[Block] = [
        section(question),
        actions(*buttons),
        context(" · ".join(notes)),
        context(t("mentoring.checkin.context")),
    ]
    fallback = t("mentoring.checkin.question", date=plain_date(since))
    return message(fallback, blocks)


def checkin_answered_message(answered: CheckInAnswered) -> dict[str, Any]:
    """What replaces a check-in once it is answered (or answered the same way again)."""
    if answered.answer is CheckInAnswer.MET:
        text = (
            t("mentoring.checkin.recorded.met", member=mention(answered.facilitator))
            if answered.facilitator
            else t("mentoring.checkin.recorded.met_no_facilitator")
        )
    else:
        text = t(f"mentoring.checkin.recorded.{answered.answer.value}")
    if not answered.changed:
        text = t("mentoring.checkin.already") + "\n" + text
    return message(text, [section(text)])


def thanks_message(group: MentoringGroup, cycle: Cycle) -> dict[str, Any]:
    """The thank-you in a group's conversation when its cycle ends, and what happens next."""
    members = _mentions(group.member_ids)
    count = group.meetings
    meetings = t(
        "mentoring.thanks.meetings." + ("none" if count == 0 else "one" if count == 1 else "many"),
        count=count,
    )
    text = t("mentoring.thanks.text", members=members, number=cycle.number, meetings=meetings)
    blocks = [section(text.strip()), section(t("mentoring.thanks.next"))]
    return message(t("mentoring.thanks.fallback", number=cycle.number), blocks)
