"""Invariants of every Block Kit builder, in every significant state.

Each state is built from the domain's own dataclasses; each payload is then held to Slack's
documented limits (api.slack.com/reference/block-kit), to `handlers.ids`, and to the rule that
text people typed can never ping anyone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain.people import MAX_JOB_TITLE, MAX_ORGANISATION, MAX_TOPIC, MAX_TOPICS, Profile
from bot.domain.reference import GRADES, LANGUAGES, PROFESSIONS, OpenTo
from bot.services.directory import (
    PAGE_SIZE,
    PersonHit,
    ProfileStatus,
    SearchResult,
    SearchTarget,
    Suggestion,
    UnknownPlace,
)
from handlers.directory.blocks.results import (
    export_messages,
    forget_confirm_message,
    help_message,
    nudge_message,
    overview_message,
    person_blocks,
    search_results_message,
    unknown_place_message,
)
from handlers.directory.blocks.search import message_view, search_results_view, search_view
from handlers.directory.forms import decode_search, encode_search
from handlers.home.blocks import home_view
from handlers.ids import ActionId, BlockId, CallbackId, InputId, base_action
from handlers.ui.common import text_message
from handlers.ui.profile import place_options, profile_view
from tests.support.fake_slack import block_kit_problems, message_problems, view_problems
from tests.support.payloads import elements_of, mrkdwn_texts, text_objects, walk

NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
LEEDS = 2644688
HOSTILE_BITS = ("<!channel>", "<!here>", "<@U123>", "<!subteam^S1>", "<http://x|y>")
HOSTILE = "<!channel> <!here> <@U123> <!subteam^S1> <http://x|y> & co"
LIVE = re.compile(r"<[^>]*>")  # anything Slack would read as a mention, a command or a link
BARE_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")

# Slack's limits (api.slack.com/reference/block-kit), kept apart from the builders' own.
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
SECTION_FIELD = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
MODAL_TITLE = 24
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100
OPTION_GROUPS = 100
INPUT_LABEL = 2000
INPUT_HINT = 2000
PLACEHOLDER = 150
PLAIN_INPUT_MAX = 3000
IDENTIFIER = 255
PRIVATE_METADATA = 3000
CONFIRM_TITLE = 100
CONFIRM_TEXT = 300
CONFIRM_BUTTON = 30

BLOCK_IDS = {member.value for member in BlockId}
CALLBACK_IDS = {member.value for member in CallbackId}
ACTION_IDS = {member.value for member in ActionId}
INPUT_IDS = {member.value for member in InputId}


# Building states ---------------------------------------------------------------------------


def profile(user_id: str = "UHIT0", **changes: Any) -> Profile:
    values: dict[str, Any] = {
        "team_id": "T0001",
        "user_id": user_id,
        "place_id": LEEDS,
        "organisation": "Department for Education",
        "job_title": "Data scientist",
        "created_at": NOW,
        "updated_at": NOW,
        "confirmed_at": NOW,
    }
    values.update(changes)
    return Profile(**values)


def _longest(items: tuple[str, ...]) -> str:
    return max(items, key=len)


def full_profile(user_id: str = "UHIT0", letter: str = "x") -> Profile:
    """Every field filled to the most the profile form and its tidying allow."""
    return profile(
        user_id,
        organisation=letter * MAX_ORGANISATION,
        job_title=letter * MAX_JOB_TITLE,
        profession=_longest(PROFESSIONS),
        grade=max(GRADES, key=lambda g: len(g[1]))[0],
        can_help=tuple(f"{i}{letter * (MAX_TOPIC - 1)}" for i in range(MAX_TOPICS)),
        want_to_learn=tuple(f"{i}{letter * (MAX_TOPIC - 1)}" for i in range(MAX_TOPICS)),
        languages=LANGUAGES,
        open_to=tuple(OpenTo),
    )


def hostile_profile(user_id: str = "UHIT0") -> Profile:
    """Someone who typed mentions, commands, links and ampersands into every field."""
    return profile(
        user_id,
        organisation=HOSTILE,
        job_title=HOSTILE,
        profession=HOSTILE,
        grade="g7",
        can_help=(HOSTILE, "data & <!here>"),
        want_to_learn=(HOSTILE,),
        languages=(HOSTILE, "English"),
        open_to=(OpenTo.COFFEE,),
    )


def hit(person: Profile, km: float = 0.0, label: str = "Leeds") -> PersonHit:
    return PersonHit(person, label, km, person.can_help[:1])


def result(
    hits: tuple[PersonHit, ...] = (),
    *,
    target: SearchTarget | None = None,
    area: str = "Leeds",
    is_region: bool = False,
    page: int = 1,
    pages: int = 1,
    total: int | None = None,
    ignoring: int | None = None,
    alternatives: tuple[Suggestion, ...] = (),
) -> SearchResult:
    target = target or (
        SearchTarget(region_code="TLE") if is_region else SearchTarget(place_id=LEEDS)
    )
    wider = (
        None
        if is_region
        else Suggestion("Yorkshire and The Humber", SearchTarget(region_code="TLE"))
    )
    return SearchResult(
        target=target,
        area_label=area,
        is_region=is_region,
        wider=wider,
        hits=hits,
        page=page,
        pages=pages,
        total=len(hits) if total is None else total,
        total_ignoring_topics=ignoring,
        alternatives=alternatives,
    )


LONG_TOPICS = tuple(f"{i}{'topic' * 20}"[:MAX_TOPIC] for i in range(MAX_TOPICS))
NEWPORTS = tuple(
    Suggestion(f"Newport, {region}", SearchTarget(place_id=index, topics=LONG_TOPICS))
    for index, region in enumerate(
        ["South East", "West Midlands", "East of England", "Yorkshire", "near Cardigan", "X"]
    )
)
FULL_PAGE = tuple(hit(full_profile(f"UHIT{i}"), km=i * 4.5) for i in range(PAGE_SIZE))

SEARCHES: dict[str, SearchResult] = {
    "no one near a place": result(),
    "no one in a region": result(area="Yorkshire and The Humber", is_region=True),
    "no one mentions the topics, others nearby": result(
        target=SearchTarget(place_id=LEEDS, topics=("data", "science")), ignoring=7
    ),
    "no one mentions the topics, no one nearby": result(
        target=SearchTarget(place_id=LEEDS, topics=("data",)), ignoring=0
    ),
    "no one mentions the topics in a region": result(
        target=SearchTarget(region_code="TLE", topics=("data",)),
        area="Yorkshire and The Humber",
        is_region=True,
        ignoring=3,
    ),
    "one person": result((hit(profile()),)),
    "one person with nothing optional": result(
        (PersonHit(profile(job_title="Analyst", organisation=""), "Leeds", 0.0, ()),)
    ),
    "one person further away": result((hit(profile(), km=23.6, label="Bradford"),)),
    "a full first page": result(FULL_PAGE, pages=3, total=PAGE_SIZE * 3),
    "a full middle page with long topics and alternatives": result(
        FULL_PAGE,
        target=SearchTarget(place_id=LEEDS, topics=LONG_TOPICS),
        page=2,
        pages=3,
        total=PAGE_SIZE * 3 - 1,
        alternatives=NEWPORTS,
    ),
    "the last page": result(FULL_PAGE[:3], page=500, pages=500, total=PAGE_SIZE * 499 + 3),
    "a region": result(
        FULL_PAGE[:4],
        target=SearchTarget(region_code="TLE", topics=("policy",)),
        area="Yorkshire and The Humber",
        is_region=True,
    ),
    "a region that is also a place": result(
        (hit(profile()),),
        target=SearchTarget(region_code="TLL"),
        area="Wales",
        is_region=True,
        alternatives=(Suggestion("Wales, Yorkshire", SearchTarget(place_id=2634894)),),
    ),
    "an empty page with alternatives": result(alternatives=NEWPORTS[:2]),
    "hostile text everywhere": result(
        tuple(hit(hostile_profile(f"UHIT{i}"), km=i, label=HOSTILE) for i in range(PAGE_SIZE)),
        target=SearchTarget(place_id=LEEDS, topics=HOSTILE.split()),
        area=HOSTILE,
        pages=2,
        total=PAGE_SIZE + 1,
        alternatives=(Suggestion(HOSTILE, SearchTarget(place_id=1, topics=(HOSTILE,))),),
    ),
    "hostile topics and nobody": result(
        target=SearchTarget(place_id=LEEDS, topics=HOSTILE.split()), area=HOSTILE, ignoring=2
    ),
    "hostile place and nobody": result(area=HOSTILE),
    "every field full of ampersands": result((hit(full_profile("UHIT0", letter="&")),)),
    "every field full of angle brackets": result((hit(full_profile("UHIT0", letter="<")),)),
    "a thousand topic words": result(
        FULL_PAGE[:1],
        target=SearchTarget(place_id=LEEDS, topics=tuple(f"w{i}" * 20 for i in range(1000))),
    ),
}

UNKNOWNS: dict[str, UnknownPlace] = {
    "with suggestions": UnknownPlace(
        "Narnia",
        tuple(
            Suggestion(name, SearchTarget(place_id=i, topics=LONG_TOPICS))
            for i, name in enumerate(["Nairn", "London", "Aberdeen", "Dundee", "Canterbury", "Y"])
        ),
    ),
    "with a region among the suggestions": UnknownPlace(
        "Walse", (Suggestion("Wales", SearchTarget(region_code="TLL")),)
    ),
    "without suggestions": UnknownPlace("xqzzy", ()),
    "hostile and long": UnknownPlace(
        HOSTILE * 50, (Suggestion(HOSTILE, SearchTarget(place_id=1)),)
    ),
}

STATUSES: dict[str, ProfileStatus] = {
    "no profile": ProfileStatus(None, None),
    "visible": ProfileStatus(profile(), None),
    "full": ProfileStatus(full_profile(), None),
    "hidden by its owner": ProfileStatus(profile(visible=False, hidden_reason="self"), None),
    "hidden as stale": ProfileStatus(profile(visible=False, hidden_reason="stale"), None),
    "deactivated": ProfileStatus(profile(active=False), None),
    "hostile": ProfileStatus(hostile_profile(), None),
}

EXPORTS: dict[str, dict[str, Any]] = {
    "nothing held": {"workspace": "T0001", "slack_user_id": "UME", "profile": None},
    "a full profile": {
        "workspace": "T0001",
        "slack_user_id": "UME",
        "profile": {
            "place": "Leeds",
            "organisation": HOSTILE,
            "job_title": "x" * MAX_JOB_TITLE,
            "topics_i_can_help_with": list(LONG_TOPICS),
            "topics_i_want_to_learn": list(LONG_TOPICS),
            "languages": list(LANGUAGES),
            "created_at": NOW.isoformat(),
        },
    },
    "more than one message holds": {
        "workspace": "T0001",
        "slack_user_id": "UME",
        "profile": {"notes": [f"{i:05d} " + "&" * 400 for i in range(400)], "long": "y" * 9000},
    },
}


def messages() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, status in STATUSES.items():
        yield f"overview, {name}", overview_message(status, "Leeds")
        yield f"overview, {name}, hostile place", overview_message(status, HOSTILE)
        yield f"nudge, {name}", nudge_message(status, "Leeds")
    yield "overview, no place", overview_message(STATUSES["visible"], None)
    yield "help", help_message()
    yield "text", text_message("Done.")
    yield "forget", forget_confirm_message()
    for name, search in SEARCHES.items():
        yield f"search, {name}", search_results_message(search, encode_search)
    for name, unknown in UNKNOWNS.items():
        yield f"unknown place, {name}", unknown_place_message(unknown, encode_search)
    for name, data in EXPORTS.items():
        for number, part in enumerate(export_messages(data)):
            yield f"export, {name}, part {number}", part


def views() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, status in STATUSES.items():
        yield f"home, {name}", home_view(status, "Leeds")
        yield f"home, {name}, hostile place", home_view(status, HOSTILE)
        yield f"profile form, {name}", profile_view(status.profile, "Leeds")
    yield "home, no place", home_view(STATUSES["visible"], None)
    yield "profile form, new", profile_view(None, None)
    yield (
        "profile form, organisation not listed",
        profile_view(profile(organisation="Leeds City Council"), "Leeds"),
    )
    yield "profile form, place label at the limit", profile_view(full_profile(), "P" * 200)
    yield "search form", search_view()
    for name, search in SEARCHES.items():
        yield f"search results, {name}", search_results_view(search, encode_search)
    for name, unknown in UNKNOWNS.items():
        yield (
            f"search results, unknown place, {name}",
            message_view(unknown_place_message(unknown, encode_search)["blocks"]),
        )


MESSAGES = dict(messages())
VIEWS = dict(views())


# Walking payloads --------------------------------------------------------------------------


def blocks_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = payload["blocks"]
    assert isinstance(blocks, list)
    return blocks


def all_payloads() -> dict[str, dict[str, Any]]:
    return {**{f"message: {k}": v for k, v in MESSAGES.items()}, **VIEWS}


PAYLOADS = all_payloads()
ALL = pytest.mark.parametrize("name", sorted(PAYLOADS))


# Slack's limits --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_a_message_fits_slacks_limits(name):
    payload = MESSAGES[name]
    assert len(blocks_of(payload)) <= MESSAGE_BLOCKS
    assert block_kit_problems(payload["blocks"], limit=MESSAGE_BLOCKS, where=name) == []
    assert message_problems(payload, "chat.postMessage") == []


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_message_has_fallback_text(name):
    text = MESSAGES[name].get("text")
    assert isinstance(text, str)
    assert text.strip()
    assert len(text) <= SECTION_TEXT


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_a_view_fits_slacks_limits(name):
    view = VIEWS[name]
    assert view["type"] in {"modal", "home"}
    assert len(blocks_of(view)) <= VIEW_BLOCKS
    assert view_problems(view, "views.open") == []
    if view["type"] == "modal":
        for key in ("title", "submit", "close"):
            if key in view:
                assert view[key]["type"] == "plain_text"
                assert 0 < len(view[key]["text"]) <= MODAL_TITLE, key
        assert len(view.get("private_metadata", "")) <= PRIVATE_METADATA


@ALL
def test_every_block_keeps_to_its_own_limits(name):
    for index, block in enumerate(blocks_of(PAYLOADS[name])):
        where = f"{name} block {index} ({block['type']})"
        kind = block["type"]
        if kind == "section":
            assert "text" in block or "fields" in block, where
            if "text" in block:
                assert 0 < len(block["text"]["text"]) <= SECTION_TEXT, where
            assert all(len(f["text"]) <= SECTION_FIELD for f in block.get("fields", [])), where
        elif kind == "header":
            assert block["text"]["type"] == "plain_text", where
            assert 0 < len(block["text"]["text"]) <= HEADER_TEXT, where
        elif kind == "context":
            assert 0 < len(block["elements"]) <= CONTEXT_ELEMENTS, where
            assert all(0 < len(e["text"]) <= SECTION_TEXT for e in block["elements"]), where
        elif kind == "actions":
            assert 0 < len(block["elements"]) <= ACTIONS_ELEMENTS, where
        elif kind == "input":
            assert 0 < len(block["label"]["text"]) <= INPUT_LABEL, where
            assert len(block.get("hint", {}).get("text", "")) <= INPUT_HINT, where
        else:
            assert kind == "divider", where


@ALL
def test_every_text_object_is_well_formed(name):
    for path, node in text_objects(PAYLOADS[name]):
        assert isinstance(node["text"], str), path
        assert node["text"], f"{name}{path}: empty text"
        if node["type"] == "mrkdwn":
            assert "emoji" not in node, path  # Slack refuses emoji on mrkdwn


@ALL
def test_buttons_keep_to_slacks_limits(name):
    for path, node in walk(PAYLOADS[name]):
        if node.get("type") != "button":
            continue
        assert node["text"]["type"] == "plain_text", path
        assert 0 < len(node["text"]["text"]) <= BUTTON_TEXT, path
        assert len(node.get("value", "")) <= BUTTON_VALUE, path
        assert node.get("style") in {None, "primary", "danger"}, path
        if "confirm" in node:
            dialog = node["confirm"]
            assert len(dialog["title"]["text"]) <= CONFIRM_TITLE, path
            assert len(dialog["text"]["text"]) <= CONFIRM_TEXT, path
            assert len(dialog["confirm"]["text"]) <= CONFIRM_BUTTON, path
            assert len(dialog["deny"]["text"]) <= CONFIRM_BUTTON, path


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    if "option_groups" in element:
        return [o for group in element["option_groups"] for o in group["options"]]
    return list(element.get("options", []))


@ALL
def test_menus_keep_to_slacks_limits_and_start_on_their_own_options(name):
    for path, node in walk(PAYLOADS[name]):
        if node.get("type") not in {
            "static_select",
            "multi_static_select",
            "external_select",
            "checkboxes",
        }:
            continue
        groups = node.get("option_groups", [])
        assert len(groups) <= OPTION_GROUPS, path
        assert all(len(g["options"]) <= OPTIONS for g in groups), path
        assert all(len(g["label"]["text"]) <= OPTION_TEXT for g in groups), path
        options = _options(node)
        assert len(node.get("options", [])) <= OPTIONS, path
        for item in options:
            assert 0 < len(item["text"]["text"]) <= OPTION_TEXT, path
            assert 0 < len(item["value"]) <= OPTION_VALUE, path
        values = [o["value"] for o in options]
        assert len(values) == len(set(values)), f"{path}: an option value twice"
        if "placeholder" in node:
            assert len(node["placeholder"]["text"]) <= PLACEHOLDER, path
        if node["type"] != "external_select":
            if "initial_option" in node:
                assert node["initial_option"] in options, path
            if "initial_options" in node:
                assert node["initial_options"], f"{path}: Slack refuses empty initial_options"
                assert all(o in options for o in node["initial_options"]), path


@ALL
def test_text_inputs_keep_to_their_own_limits(name):
    for path, node in walk(PAYLOADS[name]):
        if node.get("type") != "plain_text_input":
            continue
        assert 0 < node["max_length"] <= PLAIN_INPUT_MAX, path
        assert len(node.get("initial_value", "")) <= node["max_length"], path


def test_the_place_typeahead_answers_at_most_a_hundred_options():
    answer = place_options([(i, f"Place {i} " + "x" * 100) for i in range(250)])
    assert len(answer["options"]) == OPTIONS
    assert all(len(o["text"]["text"]) <= OPTION_TEXT for o in answer["options"])
    assert place_options([]) == {"options": []}


# Identifiers -------------------------------------------------------------------------------


@ALL
def test_every_block_id_is_a_known_id_and_unique(name):
    block_ids = [block["block_id"] for block in blocks_of(PAYLOADS[name]) if "block_id" in block]
    assert set(block_ids) <= BLOCK_IDS
    assert len(block_ids) == len(set(block_ids))


@ALL
def test_every_action_id_is_a_known_id_and_unique_in_its_block(name):
    for index, block in enumerate(blocks_of(PAYLOADS[name])):
        action_ids = [e["action_id"] for e in elements_of(block) if "action_id" in e]
        assert len(action_ids) == len(set(action_ids)), f"{name} block {index}"
        for action_id in action_ids:
            assert len(action_id) <= IDENTIFIER
            if action_id in INPUT_IDS:
                assert block["type"] == "input", action_id
                continue
            assert base_action(action_id) in ACTION_IDS, action_id
    for path, node in walk(PAYLOADS[name]):
        if node.get("type") in {"button", "static_select", "external_select"}:
            assert "action_id" in node, f"{name}{path}: Slack would make one up"


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_modal_has_a_known_callback_id(name):
    view = VIEWS[name]
    if view["type"] == "modal":
        assert view["callback_id"] in CALLBACK_IDS
    else:
        assert "callback_id" not in view


def test_like_buttons_in_one_block_get_indexed_action_ids():
    blocks = SEARCHES["a full middle page with long topics and alternatives"]
    payload = search_results_message(blocks, encode_search)
    actions = [b for b in payload["blocks"] if b["type"] == "actions"]
    alternatives = [e["action_id"] for e in actions[0]["elements"]]
    assert alternatives == [f"{ActionId.SEARCH_PLACE}.{i}" for i in range(5)]
    paging = [e["action_id"] for e in actions[-1]["elements"]]
    assert paging == [f"{ActionId.SEARCH_PAGE}.0", f"{ActionId.SEARCH_PAGE}.1"]


# Text people typed never pings anyone ------------------------------------------------------


# The only markup a builder may make: a mention of the person a result is about.
RESULT_MENTIONS = {f"<@UHIT{i}>" for i in range(PAGE_SIZE)}


def _live_markup(payload: dict[str, Any], allowed: set[str]) -> list[str]:
    return [
        found
        for text in mrkdwn_texts(payload)
        for found in LIVE.findall(text)
        if found not in allowed
    ]


@ALL
def test_typed_text_is_never_a_live_mention_or_link(name):
    payload = PAYLOADS[name]
    assert _live_markup(payload, RESULT_MENTIONS) == []
    for text in mrkdwn_texts(payload):
        rest = LIVE.sub("", text)
        assert "<" not in rest, f"{name}: a bare < in {text[:80]!r}"
        assert ">" not in rest, f"{name}: a bare > in {text[:80]!r}"
        assert not BARE_AMPERSAND.search(text), f"{name}: a bare & in {text[:80]!r}"


@pytest.mark.parametrize(
    "name",
    [
        "message: search, hostile text everywhere",
        "message: search, hostile topics and nobody",
        "message: unknown place, hostile and long",
        "message: overview, hostile, hostile place",
        "message: export, a full profile, part 0",
        "home, hostile, hostile place",
    ],
)
def test_typed_mentions_are_shown_as_typed_not_dropped(name):
    shown = "\n".join(mrkdwn_texts(PAYLOADS[name]))
    assert "&lt;!channel&gt;" in shown or "&lt;!here&gt;" in shown
    for bit in HOSTILE_BITS:
        assert bit not in shown


def test_a_person_is_mentioned_by_their_slack_id_and_every_typed_field_is_escaped():
    [block] = person_blocks(hit(hostile_profile("UHIT0")))
    text = block["text"]["text"]
    assert text.startswith("*<@UHIT0>*")
    assert "&lt;!subteam^S1&gt;" in text
    assert "&lt;http://x|y&gt;" in text
    assert "&amp; co" in text
    assert LIVE.findall(text) == ["<@UHIT0>"]


# What a person sees ------------------------------------------------------------------------


def test_a_full_profile_is_shown_whole_in_a_result():
    person = full_profile("UHIT0")
    [block] = person_blocks(hit(person))
    text = block["text"]["text"]
    assert "…" not in text
    for topic in (*person.can_help, *person.want_to_learn, *person.languages):
        assert topic in text
    assert person.job_title in text
    assert person.organisation in text


def test_an_unknown_grade_leaves_no_empty_gap():
    [block] = person_blocks(hit(profile(profession="Policy", grade="retired")))
    assert " ·  · " not in block["text"]["text"]
    assert "· ·" not in block["text"]["text"]


def test_a_result_shows_how_far_away_each_person_is():
    [here] = person_blocks(hit(profile(), km=0.4))
    [away] = person_blocks(hit(profile(), km=23.6, label="Bradford"))
    assert "in Leeds" in here["text"]["text"]
    assert "Bradford, 24 km away" in away["text"]["text"]


def test_every_search_offers_a_way_on():
    """No dead ends: every result either lists people or offers something to press."""
    for name, search in SEARCHES.items():
        payload = search_results_message(search, encode_search)
        buttons = [n for _, n in walk(payload) if n.get("type") == "button"]
        if search.hits:
            continue
        if search.is_region and not search.target.topics:
            continue  # "nobody in the region yet": nothing wider to try
        assert buttons, name


def test_paging_offers_only_the_pages_that_exist():
    def pages(search: SearchResult) -> list[int]:
        payload = search_results_message(search, encode_search)
        return [
            decode_search(n["value"])[1]
            for _, n in walk(payload)
            if n.get("type") == "button" and base_action(n["action_id"]) == ActionId.SEARCH_PAGE
        ]

    assert pages(SEARCHES["a full first page"]) == [2]
    assert pages(SEARCHES["a full middle page with long topics and alternatives"]) == [1, 3]
    assert pages(SEARCHES["the last page"]) == [499]
    assert pages(SEARCHES["one person"]) == []


def test_buttons_replay_exactly_the_search_they_name():
    search = SEARCHES["no one mentions the topics, others nearby"]
    payload = search_results_message(search, encode_search)
    [drop] = [n for _, n in walk(payload) if n.get("type") == "button"]
    assert decode_search(drop["value"]) == (SearchTarget(place_id=LEEDS), 1)
    widen = search_results_message(SEARCHES["no one near a place"], encode_search)
    [button] = [n for _, n in walk(widen) if n.get("action_id") == ActionId.SEARCH_PLACE]
    assert decode_search(button["value"]) == (SearchTarget(region_code="TLE"), 1)
    middle = SEARCHES["a full middle page with long topics and alternatives"]
    values = [
        decode_search(n["value"])
        for _, n in walk(search_results_message(middle, encode_search))
        if n.get("type") == "button"
    ]
    assert values[:5] == [(s.target, 1) for s in NEWPORTS[:5]]
    assert values[5:] == [(middle.target, 1), (middle.target, 3)]


def test_the_heading_names_only_the_topic_words_searched():
    payload = search_results_message(SEARCHES["a thousand topic words"], encode_search)
    heading = payload["blocks"][0]["text"]["text"]
    assert "“w9w9" in heading
    assert "w10w10" not in heading  # a search reads the first ten words, no more
    assert heading.endswith("1 found")


def test_an_unknown_place_offers_at_most_five_places_to_try():
    payload = unknown_place_message(UNKNOWNS["with suggestions"], encode_search)
    buttons = [n for _, n in walk(payload) if n.get("type") == "button"]
    assert [b["text"]["text"] for b in buttons] == [
        "Nairn",
        "London",
        "Aberdeen",
        "Dundee",
        "Canterbury",
    ]
    assert "Narnia" in payload["text"]


def test_an_unknown_place_without_suggestions_still_says_what_to_try():
    payload = unknown_place_message(UNKNOWNS["without suggestions"], encode_search)
    assert [b["type"] for b in payload["blocks"]] == ["section", "context"]
    assert "/whoswho Leeds" in payload["blocks"][-1]["elements"][0]["text"]


@pytest.mark.parametrize("name", sorted(STATUSES))
def test_profile_buttons_match_the_profile(name):
    status = STATUSES[name]
    payload = overview_message(status, "Leeds")
    action_ids = [n["action_id"] for _, n in walk(payload) if n.get("type") == "button"]
    if status.profile is None:
        assert action_ids[0] == ActionId.PROFILE_OPEN
        assert ActionId.PROFILE_HIDE not in action_ids
    elif status.profile.visible:
        assert ActionId.PROFILE_HIDE in action_ids
    else:
        assert ActionId.PROFILE_SHOW in action_ids
    assert ActionId.HELP_SHOW in action_ids


def test_the_profile_form_shows_what_is_held():
    person = full_profile()
    view = profile_view(person, "Leeds")
    by_block = {b["block_id"]: b["element"] for b in view["blocks"] if "block_id" in b}
    assert by_block[BlockId.PLACE]["initial_option"]["value"] == str(LEEDS)
    assert by_block[BlockId.JOB_TITLE]["initial_value"] == person.job_title
    assert by_block[BlockId.ORGANISATION_OTHER]["initial_value"] == person.organisation
    assert "initial_option" not in by_block[BlockId.ORGANISATION]
    assert by_block[BlockId.PROFESSION]["initial_option"]["value"] == person.profession
    assert [o["value"] for o in by_block[BlockId.LANGUAGES]["initial_options"]] == list(LANGUAGES)
    assert len(by_block[BlockId.OPEN_TO]["initial_options"]) == len(OpenTo)
    assert by_block[BlockId.CAN_HELP]["initial_value"].split(", ") == list(person.can_help)


def test_the_profile_form_never_starts_on_choices_it_no_longer_offers():
    person = profile(languages=("Klingon",), profession="Astrology", grade="g99")
    by_block = {
        b["block_id"]: b["element"]
        for b in profile_view(person, "Leeds")["blocks"]
        if "block_id" in b
    }
    assert "initial_options" not in by_block[BlockId.LANGUAGES]
    assert "initial_option" not in by_block[BlockId.PROFESSION]
    assert "initial_option" not in by_block[BlockId.GRADE]


def test_a_hidden_profile_says_so_and_offers_to_show_it():
    for name in ("hidden by its owner", "hidden as stale"):
        view = home_view(STATUSES[name], "Leeds")
        shown = "\n".join(mrkdwn_texts(view))
        assert "hidden" in shown
        actions = [n["action_id"] for _, n in walk(view) if n.get("type") == "button"]
        assert ActionId.PROFILE_SHOW in actions
        assert ActionId.PROFILE_HIDE not in actions


def test_an_export_too_big_for_one_message_is_split_and_loses_nothing():
    data = EXPORTS["more than one message holds"]
    parts = export_messages(data)
    assert len(parts) > 1
    body = "\n".join(
        block["text"]["text"].removeprefix("```\n").removesuffix("\n```")
        for part in parts
        for block in part["blocks"][1:]
    )
    expected = json.dumps(data, indent=2, ensure_ascii=False)
    joined = body.replace("\n", "")
    unescaped = joined.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert unescaped == expected.replace("\n", "")


def test_builders_are_pure():
    """The same data builds the same payload, and building twice changes nothing."""
    search = SEARCHES["a full middle page with long topics and alternatives"]
    first = search_results_message(search, encode_search)
    assert search_results_message(search, encode_search) == first
    status = STATUSES["full"]
    assert home_view(status, "Leeds") == home_view(status, "Leeds")
    assert profile_view(status.profile, "Leeds") == profile_view(status.profile, "Leeds")
