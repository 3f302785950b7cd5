"""Block Kit for the organisers' replies to `/mentoring match` and `/mentoring close`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.mentoring_programme import WaitingReason
from bot.i18n import N_, t
from handlers.mentoring.blocks.group_pieces import (
    count_text,
    reason_counts,
    section_text,
    slack_date,
)
from handlers.ui.common import Block, clip, context, escape, message, section

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.services.mentoring.cycles import CloseOutcome
    from bot.services.mentoring.matching import MatchOutcome


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
        key = N_("mentoring.match.new_cycle") if outcome.new_cycle else N_("mentoring.match.added")
        groups, people = (
            count_text("groups", len(outcome.groups)),
            count_text("people", outcome.placed),
        )
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
        blocks.append(section(section_text(lines)))
    else:
        fallback = _nothing_formed(outcome, region, len(too_few), minimum)
        blocks.append(section(fallback))
    if outcome.waiting:
        heading = t(
            "mentoring.match.waiting_heading", people=count_text("people", len(outcome.waiting))
        )
        blocks.append(section(section_text([heading, *reason_counts(outcome.waiting)])))
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
            groups=count_text("groups", outcome.groups),
            people=count_text("people", outcome.people),
        )
    else:
        text = t("mentoring.close.done_empty", number=number)
    return message(t("mentoring.close.fallback", number=number), [section(text)])
