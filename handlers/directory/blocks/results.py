"""Block Kit for /whoswho: the overview, help, search results and privacy prompts."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot.domain.people import MAX_TOPIC, MAX_TOPICS, distinct_topics
from bot.i18n import N_, plural, t
from bot.services.export import holds_anything
from handlers.ids import ActionId, indexed
from handlers.ui.common import (
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    divider,
    escape,
    message,
    section,
)
from handlers.ui.labels import OPEN_TO

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.domain.people import Profile
    from bot.services.directory import (
        PersonHit,
        ProfileStatus,
        SearchResult,
        SearchTarget,
        Suggestion,
        UnknownPlace,
    )


def _join(items: tuple[str, ...] | list[str]) -> str:
    return ", ".join(escape(item) for item in items)


def status_text(status: ProfileStatus, place_label: str | None) -> str:
    profile = status.profile
    if profile is None:
        return t("directory.status.none")
    if not profile.active:
        return t("directory.status.inactive")
    if not profile.visible:
        if profile.hidden_reason == "stale":
            return t("directory.status.hidden_stale")
        return t("directory.status.hidden_self")
    return t("directory.status.visible", place=escape(place_label or ""))


def profile_buttons(status: ProfileStatus, *, with_search: bool = True) -> list[dict[str, Any]]:
    profile = status.profile
    search = [button(t("buttons.search"), ActionId.SEARCH_OPEN, "open")] if with_search else []
    if profile is None:
        return [
            button(t("buttons.create_profile"), ActionId.PROFILE_OPEN, "open", style="primary"),
            *search,
        ]
    visibility = (
        button(t("buttons.hide_profile"), ActionId.PROFILE_HIDE, "hide")
        if profile.visible
        else button(t("buttons.show_profile"), ActionId.PROFILE_SHOW, "show", style="primary")
    )
    return [button(t("buttons.edit_profile"), ActionId.PROFILE_OPEN, "open"), visibility, *search]


def overview_message(status: ProfileStatus, place_label: str | None) -> dict[str, Any]:
    """What bare `/whoswho` shows: what the app does, your status, what you can do next."""
    text = status_text(status, place_label)
    blocks: list[Block] = [
        section(t("directory.intro")),
        section(text),
        actions(*profile_buttons(status), button(t("buttons.help"), ActionId.HELP_SHOW, "help")),
    ]
    return message(t("app.name") + ": " + text, blocks)


def help_message() -> dict[str, Any]:
    return message(t("directory.fallback.help"), [section(t("directory.help"))])


def person_blocks(hit: PersonHit) -> list[Block]:
    profile: Profile = hit.profile
    role = ", ".join(escape(part) for part in (profile.job_title, profile.organisation) if part)
    lines = [f"*<@{profile.user_id}>* · {role}"]
    where = (
        t("directory.search.distance_here", place=escape(hit.place_label))
        if hit.distance_km < 1
        else t(
            "directory.search.distance_away",
            place=escape(hit.place_label),
            km=round(hit.distance_km),
        )
    )
    detail = [escape(profile.profession)] if profile.profession else []
    grade = profile.grade_label if profile.grade != "prefer_not" else None
    if grade:
        detail.append(escape(grade))
    lines.append(" · ".join([*detail, where]))
    if profile.can_help:
        lines.append(t("directory.search.can_help", topics=_topics(profile.can_help, hit.matched)))
    if profile.want_to_learn:
        lines.append(
            t("directory.search.wants_to_learn", topics=_topics(profile.want_to_learn, hit.matched))
        )
    if profile.open_to:
        lines.append(
            t(
                "directory.search.open_to",
                items=", ".join(t(OPEN_TO[item]) for item in profile.open_to),
            )
        )
    if profile.languages:
        lines.append(t("directory.search.languages", languages=_join(profile.languages)))
    return [section("\n".join(lines))]


def _topics(topics: tuple[str, ...], matched: tuple[str, ...]) -> str:
    return ", ".join(
        f"*{escape(topic)}*" if topic in matched else escape(topic) for topic in topics
    )


def _topics_searched(target: SearchTarget) -> str:
    """The topic words a search reads (the first few, each cut short), quoted and escaped."""
    words = [word[:MAX_TOPIC] for word in distinct_topics(target.topics)[:MAX_TOPICS]]
    return ", ".join(f"“{escape(word)}”" for word in words)


def _heading(result: SearchResult) -> str:
    topics = _topics_searched(result.target)
    area = escape(result.area_label)
    if result.is_region:
        if topics:
            return t("directory.search.heading_region_topics", region=area, topics=topics)
        return t("directory.search.heading_region", region=area)
    if result.site:
        site = escape(result.site)
        if topics:
            return t("directory.search.heading_site_topics", site=site, place=area, topics=topics)
        return t("directory.search.heading_site", site=site, place=area)
    if topics:
        return t("directory.search.heading_place_topics", place=area, topics=topics)
    return t("directory.search.heading_place", place=area)


def _suggestion_buttons(
    suggestions: tuple[Suggestion, ...], encode: Callable[[SearchTarget, int], str]
) -> Block:
    return actions(
        *(
            button(item.label, indexed(ActionId.SEARCH_PLACE, index), encode(item.target, 1))
            for index, item in enumerate(suggestions[:5])
        )
    )


def search_results_blocks(
    result: SearchResult, encode: Callable[[SearchTarget, int], str]
) -> list[Block]:
    """The results of a search: heading, people, paging; never a dead end when empty."""
    heading = _heading(result)
    count = plural("directory.search.count", result.total)
    blocks: list[Block] = [section(f"*{heading}* · {count}")]
    if result.typed:
        # Read from a misspelling: say so, and offer the other names it might have been.
        key = (
            N_("directory.search.corrected_alternatives")
            if result.alternatives
            else N_("directory.search.corrected")
        )
        blocks.append(
            context(t(key, typed=escape(result.typed[:100]), place=escape(result.area_label)))
        )
    elif result.alternatives:
        blocks.append(context(t("directory.search.alternatives", place=escape(result.area_label))))
    if result.alternatives:
        blocks.append(_suggestion_buttons(result.alternatives, encode))
    if not result.hits:
        blocks.extend(_empty_blocks(result, encode))
        return blocks
    for hit in result.hits:
        blocks.append(divider())
        blocks.extend(person_blocks(hit))
    if result.pages > 1:
        paging: list[dict[str, Any]] = []
        if result.page > 1:
            paging.append(
                button(
                    t("buttons.previous"),
                    indexed(ActionId.SEARCH_PAGE, 0),
                    encode(result.target, result.page - 1),
                )
            )
        if result.page < result.pages:
            paging.append(
                button(
                    t("buttons.next"),
                    indexed(ActionId.SEARCH_PAGE, 1),
                    encode(result.target, result.page + 1),
                )
            )
        blocks.append(divider())
        blocks.append(context(t("paging.status", page=result.page, pages=result.pages)))
        blocks.append(actions(*paging))
    return blocks


def _empty_blocks(result: SearchResult, encode: Callable[[SearchTarget, int], str]) -> list[Block]:
    area = escape(result.area_label)
    if result.target.topics and result.total_ignoring_topics:
        topics = _topics_searched(result.target)
        everyone = replace(result.target, topics=())
        return [
            section(
                plural(
                    "directory.search.none_topics",
                    result.total_ignoring_topics,
                    place=area,
                    topics=topics,
                )
            ),
            actions(
                button(
                    t("directory.search.drop_topics", place=result.area_label),
                    ActionId.SEARCH_PLACE,
                    encode(everyone, 1),
                )
            ),
        ]
    if result.is_region or result.wider is None:
        return [section(t("directory.search.none_region", region=area))]
    return [
        section(t("directory.search.none_place", place=area, region=escape(result.wider.label))),
        actions(
            button(
                t("directory.search.widen", region=result.wider.label),
                ActionId.SEARCH_PLACE,
                encode(result.wider.target, 1),
            ),
            button(t("buttons.edit_profile"), ActionId.PROFILE_OPEN, "open"),
        ),
    ]


def search_results_message(
    result: SearchResult, encode: Callable[[SearchTarget, int], str]
) -> dict[str, Any]:
    return message(
        t("directory.search.fallback", heading=_heading(result), count=result.total),
        search_results_blocks(result, encode),
    )


def unknown_place_message(
    unknown: UnknownPlace, encode: Callable[[SearchTarget, int], str]
) -> dict[str, Any]:
    key = (
        N_("directory.search.outside_uk") if unknown.outside_uk else N_("directory.search.unknown")
    )
    text = t(key, text=escape(unknown.text[:100]))
    blocks: list[Block] = [section(text)]
    if unknown.suggestions:
        blocks.append(section(t("directory.search.suggestions")))
        blocks.append(_suggestion_buttons(unknown.suggestions, encode))
    blocks.append(context(t("directory.search.no_suggestions")))
    return message(text, blocks)


def forget_confirm_message() -> dict[str, Any]:
    text = t("privacy.forget.confirm")
    return message(
        text,
        [
            section(text),
            actions(
                button(
                    t("buttons.forget_confirm"),
                    ActionId.FORGET_CONFIRM,
                    "forget",
                    style="danger",
                    confirm=confirm_dialog(
                        t("privacy.forget.confirm_title"),
                        t("privacy.forget.confirm_text"),
                        t("buttons.forget_confirm"),
                        t("buttons.cancel"),
                    ),
                ),
                button(t("buttons.keep"), ActionId.FORGET_CANCEL, "keep"),
            ),
        ],
    )


def nudge_message(status: ProfileStatus, place_label: str | None) -> dict[str, Any]:
    text = t("nudge.text")
    blocks: list[Block] = [
        section(text),
        section(status_text(status, place_label)),
        actions(
            button(t("buttons.still_right"), ActionId.PROFILE_CONFIRM, "confirm", style="primary"),
            button(t("buttons.edit_profile"), ActionId.PROFILE_OPEN, "open"),
            button(t("buttons.hide_profile"), ActionId.PROFILE_HIDE, "hide"),
        ),
    ]
    return message(text, blocks)


def export_messages(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Everything held about a person, readable in Slack: JSON in code blocks, split to fit."""
    if not holds_anything(data):
        text = t("privacy.export.none")
        return [message(text, [section("*" + t("privacy.export.heading") + "*"), section(text)])]
    body = escape(json.dumps(data, indent=2, ensure_ascii=False))
    room = 3000 - len("```\n\n```")
    chunks: list[str] = []
    current = ""
    for whole_line in body.splitlines():
        for start in range(0, max(len(whole_line), 1), room):
            line = whole_line[start : start + room]
            if current and len(current) + len(line) + 1 > room:
                chunks.append(current)
                current = ""
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    per_message = 40
    groups = [chunks[i : i + per_message] for i in range(0, len(chunks), per_message)]
    messages = []
    for number, group in enumerate(groups, start=1):
        heading = t("privacy.export.heading")
        if len(groups) > 1:
            heading += " · " + t("privacy.export.part", part=number, parts=len(groups))
        # The first part says what the export holds (and how anonymous answers appear).
        note = "\n" + t("privacy.export.note") if number == 1 else ""
        blocks: list[Block] = [section(f"*{heading}*{note}")]
        blocks.extend(section(f"```\n{chunk}\n```") for chunk in group)
        messages.append(message(heading, blocks))
    return messages
