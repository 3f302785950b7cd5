"""Block Kit for `/mentoring groups`, the organisers' view: a page of the current cycle's
groups, who is waiting and why, the last cycles.

A page button's value carries the page number (`"2"`), read back strictly: anything else is
refused politely.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError
from bot.i18n import N_, plural, t
from handlers.ids import ActionId, indexed
from handlers.mentoring.blocks.group_pieces import (
    count_text,
    meeting_mode,
    mention,
    reason_counts,
    role_text,
    section_text,
    slack_date,
    topics_text,
    waiting_reason,
)
from handlers.ui.common import (
    MAX_MESSAGE_BLOCKS,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    message,
    section,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from bot.domain.mentoring_programme import Cycle
    from bot.services.mentoring.groups import CycleSummary, GroupStatus, Overview
    from bot.services.mentoring.matching import Waiting


WAITING_LISTED = 30  # people named in the organisers' view before "and N more"
WAITING_TEXT = 2400  # characters of that list: a section holds 3,000
GROUPS_ON_A_PAGE = 12  # the service pages 8 groups; this bounds the blocks whatever it sends
MAX_PAGE = 10_000

_PAGE_VALUE = re.compile(r"^\d{1,5}$")


def read_page_value(value: str | None) -> int:
    """A page button's value back into a page number; a forged one reads as expired."""
    if value is None or not _PAGE_VALUE.match(value) or not 1 <= int(value) <= MAX_PAGE:
        raise DomainError(N_("errors.expired"))
    return int(value)


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
        people=count_text("people", len(group.members)),
        mode=meeting_mode(group.mode, region),
    )
    left = set(status.inactive)
    members = ", ".join(
        t("mentoring.groups.member_left", member=mention(m.user_id))
        if m.user_id in left
        else t("mentoring.groups.member", member=mention(m.user_id), role=role_text(m.role.value))
        for m in group.members
    )
    topics = (
        t("mentoring.groups.topics", topics=topics_text(group.shared_topics))
        if group.shared_topics
        else t("mentoring.groups.no_topics")
    )
    met = (
        t("mentoring.groups.meetings.none")
        if group.meetings == 0
        else plural("mentoring.groups.meetings", group.meetings)
    )
    if group.rounds == 0:
        first = group.next_checkin_at
        checkin = (
            t("mentoring.groups.checkin.none", date=slack_date(first))
            if first is not None and first < cycle.ends_at
            else t("mentoring.groups.checkin.none_undated")
        )
    else:
        counts = {
            "round": group.rounds,
            "answered": status.answered_last_round,
            "members": status.asked_last_round,
        }
        checkin = (
            t("mentoring.groups.checkin.met", **counts)
            if status.met_last_round
            else t("mentoring.groups.checkin.not_met", **counts)
        )
    return section(section_text([title, members, topics, f"{met} · {checkin}"]))


def _waiting_block(waiting: Sequence[Waiting]) -> Block:
    if not waiting:
        return section(t("mentoring.groups.waiting_none"))
    lines = [
        t("mentoring.groups.waiting_heading", people=count_text("people", len(waiting))),
        *reason_counts(waiting),
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
    return section(section_text(lines))


def _past_line(summary: CycleSummary) -> str:
    cycle = summary.cycle
    share = round(100 * summary.groups_met / summary.groups) if summary.groups else 0
    return t(
        "mentoring.groups.past_line",
        number=cycle.number,
        start=slack_date(cycle.started_at),
        end=slack_date(cycle.closed_at or cycle.ends_at),
        groups=count_text("groups", summary.groups),
        people=count_text("people", summary.people),
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
                    groups=count_text("groups", overview.total_groups),
                    people=count_text("people", overview.grouped),
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
        blocks.append(section(section_text(lines)))
    blocks.extend(_paging(overview.page, overview.pages))
    return message(fallback, blocks[:MAX_MESSAGE_BLOCKS])
