"""The pieces of a bilingual message: two texts made one within a limit, and one interactive
element (button, menu, overflow, date picker, …) labelled in Welsh and English.

Interactive elements appear once in a bilingual message, so a click on it reaches the listener
exactly as a click on the English message would: the element is the English one (its type,
action_id, value, url, style and initial choices unchanged), only the words a person reads are
"Cymraeg / English". Where both do not fit in Slack's limit for that text, the longer one is
clipped first with "…", and each keeps a fair share.
"""

from __future__ import annotations

import copy
from typing import Any

from handlers.ui.common import clip, clip_markup

LABEL_SEPARATOR = " / "
PARAGRAPH_SEPARATOR = "\n\n"

# Slack's limits (api.slack.com/reference/block-kit) on the texts an element carries
MAX_BUTTON_TEXT = 75
MAX_OPTION_TEXT = 75
MAX_OPTION_DESCRIPTION = 75
MAX_OPTION_GROUP_LABEL = 75
MAX_PLACEHOLDER = 150
MAX_CONFIRM = {"title": 100, "text": 300, "confirm": 30, "deny": 30}
MAX_ALT_TEXT = 2000
MAX_INPUT_LABEL = 2000
MAX_INPUT_HINT = 2000
# Elements a person acts on: shown once in a bilingual message
INTERACTIVE = frozenset(
    {
        "button",
        "checkboxes",
        "datepicker",
        "datetimepicker",
        "timepicker",
        "multi_static_select",
        "multi_external_select",
        "multi_users_select",
        "multi_conversations_select",
        "multi_channels_select",
        "overflow",
        "plain_text_input",
        "radio_buttons",
        "static_select",
        "external_select",
        "users_select",
        "conversations_select",
        "channels_select",
        "email_text_input",
        "number_input",
        "url_text_input",
        "rich_text_input",
        "file_input",
        "workflow_button",
    }
)

Element = dict[str, Any]


def pair_text(welsh: str, english: str, limit: int, separator: str, *, markup: bool) -> str:
    """Welsh, then English, within `limit` characters; one of them when they are the same.

    When both do not fit, each gets half the room, and a text shorter than its half gives the
    rest to the other; a clipped text ends in "…" (in mrkdwn never inside an entity or a
    <…> mention or link)."""
    cut = clip_markup if markup else clip
    if not welsh or welsh == english:
        return cut(english, limit)
    if not english:
        return cut(welsh, limit)
    joined = welsh + separator + english
    if len(joined) <= limit:
        return joined
    room = limit - len(separator)
    half = room // 2
    if len(welsh) <= half:
        return welsh + separator + cut(english, room - len(welsh))
    if len(english) <= half:
        return cut(welsh, room - len(english)) + separator + english
    return cut(welsh, half) + separator + cut(english, room - half)


def pair_object(
    welsh: Any, english: Element, limit: int, separator: str = LABEL_SEPARATOR
) -> Element:
    """A text object ({"type": "plain_text"|"mrkdwn", "text": …}) in both languages: the
    English object with its text made bilingual."""
    merged = dict(english)
    welsh_text = str(welsh.get("text") or "") if isinstance(welsh, dict) else ""
    merged["text"] = pair_text(
        welsh_text,
        str(english.get("text") or ""),
        limit,
        separator,
        markup=english.get("type") == "mrkdwn",
    )
    return merged


def _pair_option(welsh: Any, english: Element) -> Element:
    merged = dict(english)
    welsh = welsh if isinstance(welsh, dict) else {}
    if isinstance(english.get("text"), dict):
        merged["text"] = pair_object(welsh.get("text"), english["text"], MAX_OPTION_TEXT)
    if isinstance(english.get("description"), dict):
        merged["description"] = pair_object(
            welsh.get("description"), english["description"], MAX_OPTION_DESCRIPTION
        )
    return merged


def _pair_options(welsh: Any, english: list[Any]) -> list[Any]:
    """Options paired by value (the value is what the listener reads, never the words)."""
    by_value: dict[str, Any] = {}
    if isinstance(welsh, list):
        by_value = {str(o.get("value")): o for o in welsh if isinstance(o, dict)}
    return [
        _pair_option(by_value.get(str(option.get("value"))), option)
        if isinstance(option, dict)
        else option
        for option in english
    ]


def _pair_groups(welsh: Any, english: list[Any]) -> list[Any]:
    welsh_groups = welsh if isinstance(welsh, list) else []
    merged: list[Any] = []
    for index, group in enumerate(english):
        if not isinstance(group, dict):
            merged.append(group)
            continue
        other = welsh_groups[index] if index < len(welsh_groups) else {}
        other = other if isinstance(other, dict) else {}
        paired = dict(group)
        if isinstance(group.get("label"), dict):
            paired["label"] = pair_object(
                other.get("label"), group["label"], MAX_OPTION_GROUP_LABEL
            )
        paired["options"] = _pair_options(other.get("options"), list(group.get("options") or []))
        merged.append(paired)
    return merged


def _all_options(element: Element) -> list[Element]:
    options = [o for o in element.get("options") or [] if isinstance(o, dict)]
    for group in element.get("option_groups") or []:
        if isinstance(group, dict):
            options += [o for o in group.get("options") or [] if isinstance(o, dict)]
    return options


def _reselect(element: Element) -> None:
    """Initial choices must be exactly one of the options, words included: point them at the
    bilingual ones."""
    by_value = {str(o.get("value")): o for o in _all_options(element)}
    initial = element.get("initial_option")
    if isinstance(initial, dict) and str(initial.get("value")) in by_value:
        element["initial_option"] = by_value[str(initial.get("value"))]
    chosen = element.get("initial_options")
    if isinstance(chosen, list):
        element["initial_options"] = [
            by_value.get(str(o.get("value")), o) if isinstance(o, dict) else o for o in chosen
        ]


def _pair_confirm(welsh: Any, english: Element) -> Element:
    welsh = welsh if isinstance(welsh, dict) else {}
    merged = dict(english)
    for key, limit in MAX_CONFIRM.items():
        if isinstance(english.get(key), dict):
            separator = PARAGRAPH_SEPARATOR if key == "text" else LABEL_SEPARATOR
            merged[key] = pair_object(welsh.get(key), english[key], limit, separator)
    return merged


def pair_element(welsh: Any, english: Element) -> Element:
    """One element labelled in both languages: the English element (everything a listener
    reads unchanged) with bilingual words wherever they fit."""
    merged = copy.deepcopy(english)
    if not isinstance(welsh, dict) or welsh.get("type") != english.get("type"):
        return merged
    if english.get("type") == "button" and isinstance(english.get("text"), dict):
        merged["text"] = pair_object(welsh.get("text"), english["text"], MAX_BUTTON_TEXT)
    if isinstance(english.get("placeholder"), dict):
        merged["placeholder"] = pair_object(
            welsh.get("placeholder"), english["placeholder"], MAX_PLACEHOLDER
        )
    if isinstance(english.get("confirm"), dict):
        merged["confirm"] = _pair_confirm(welsh.get("confirm"), english["confirm"])
    if isinstance(english.get("options"), list):
        merged["options"] = _pair_options(welsh.get("options"), english["options"])
    if isinstance(english.get("option_groups"), list):
        merged["option_groups"] = _pair_groups(welsh.get("option_groups"), english["option_groups"])
    if english.get("type") == "image" and english.get("alt_text"):
        merged["alt_text"] = pair_text(
            str(welsh.get("alt_text") or ""),
            str(english["alt_text"]),
            MAX_ALT_TEXT,
            LABEL_SEPARATOR,
            markup=False,
        )
    _reselect(merged)
    return merged


def is_interactive(element: Any) -> bool:
    return isinstance(element, dict) and element.get("type") in INTERACTIVE


class WelshElements:
    """The Welsh message's elements, found by what identifies them to a listener: the nth
    element with an action_id in the Welsh message is the nth with it in the English one."""

    def __init__(self, blocks: list[Any]) -> None:
        self._found: dict[str, list[Element]] = {}
        self._taken: dict[str, int] = {}
        for block in blocks:
            for element in elements_of(block):
                key = _identity(element)
                if key:
                    self._found.setdefault(key, []).append(element)

    def partner(self, english: Element) -> Element | None:
        key = _identity(english)
        if not key:
            return None
        index = self._taken.get(key, 0)
        self._taken[key] = index + 1
        found = self._found.get(key, [])
        return found[index] if index < len(found) else None


def _identity(element: Element) -> str:
    action_id = element.get("action_id")
    if action_id:
        return f"{element.get('type')}:{action_id}"
    return f"{element.get('type')}:" + str(element.get("value") or element.get("url") or "")


def elements_of(block: Any) -> list[Element]:
    """The interactive elements a block carries: an actions block's, a section's accessory,
    an input's element."""
    if not isinstance(block, dict):
        return []
    kind = block.get("type")
    found: list[Any] = []
    if kind == "actions":
        found = list(block.get("elements") or [])
    elif kind == "section":
        found = [block.get("accessory")]
    elif kind == "input":
        found = [block.get("element")]
    return [element for element in found if is_interactive(element)]


def pair_block_elements(block: Element, welsh: WelshElements) -> Element:
    """An English block with its interactive elements labelled in both languages."""
    merged = dict(block)
    kind = block.get("type")
    if kind == "actions":
        merged["elements"] = [
            pair_element(welsh.partner(e), e) if is_interactive(e) else e
            for e in block.get("elements") or []
        ]
    elif kind == "section" and is_interactive(block.get("accessory")):
        merged["accessory"] = pair_element(welsh.partner(block["accessory"]), block["accessory"])
    elif kind == "input" and is_interactive(block.get("element")):
        merged["element"] = pair_element(welsh.partner(block["element"]), block["element"])
    return merged
