"""Block Kit for what a group receives at either end of its cycle: the introduction (who is
who, what they share, how they will meet) and the thank-you.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import plural, t
from handlers.mentoring.blocks.group_pieces import (
    meeting_mode,
    mention,
    mentions_text,
    role_text,
    section_text,
    slack_date,
    topics_text,
)
from handlers.ui.common import Block, clip, context, divider, escape, header, message, section

if TYPE_CHECKING:
    from bot.domain.mentoring_programme import Cycle, MentoringGroup
    from bot.domain.people import Profile
    from bot.services.mentoring.groups import Introduction, MemberCard


PROFILE_LINE = 200  # characters of a job title or organisation as shown
HOPES_CHARS = 500  # of what someone hopes to get from it (a sign-up keeps 500)
MEMBER_CARDS = 8  # a group DM holds at most 8 people besides the app


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
        lines.append(t("mentoring.intro.can_help", topics=topics_text(profile.can_help)))
    if profile.want_to_learn:
        lines.append(t("mentoring.intro.want_to_learn", topics=topics_text(profile.want_to_learn)))
    return lines


def _member_block(card: MemberCard) -> Block:
    first = t("mentoring.intro.member", member=mention(card.user_id), role=role_text(card.role))
    lines = [first, *_profile_lines(card.profile, card.place)]
    if card.hopes:
        lines.append(t("mentoring.intro.hopes", hopes=escape(clip(card.hopes, HOPES_CHARS))))
    return section(section_text(lines))


def introduction_message(intro: Introduction) -> dict[str, Any]:
    """A group's introduction, in its own conversation: who is who, what they share, how they
    will meet, an agenda for the first session and who facilitates it."""
    group, cycle = intro.group, intro.cycle
    members = mentions_text(group.member_ids)
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
        t("mentoring.intro.shared", topics=topics_text(group.shared_topics))
        if group.shared_topics
        else t("mentoring.intro.shared_none")
    )
    region = intro.region.name if intro.region else None
    meet = t("mentoring.intro.meet", mode=meeting_mode(group.mode, region))
    blocks.append(divider())
    blocks.append(section(section_text([shared, meet])))
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


def thanks_message(group: MentoringGroup, cycle: Cycle) -> dict[str, Any]:
    """The thank-you in a group's conversation when its cycle ends, and what happens next."""
    members = mentions_text(group.member_ids)
    count = group.meetings
    meetings = (
        t("mentoring.thanks.meetings.none")
        if count == 0
        else plural("mentoring.thanks.meetings", count)
    )
    text = t("mentoring.thanks.text", members=members, number=cycle.number, meetings=meetings)
    blocks = [section(text.strip()), section(t("mentoring.thanks.next"))]
    return message(t("mentoring.thanks.fallback", number=cycle.number), blocks)
