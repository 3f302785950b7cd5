"""Block Kit for the mentoring sign-up form, its confirmation, and the offer to make a
profile first.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.domain.mentoring_match import SIZE_LIMIT_HIGH, SIZE_LIMIT_LOW, MeetingMode, MentoringRole
from bot.domain.mentoring_programme import MAX_HOPES, Frequency, SignUp
from bot.domain.people import MAX_TOPICS_TEXT
from bot.i18n import join, plural, t
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from handlers.mentoring.blocks.labels import FREQUENCIES, MODES, ROLE_HINTS, ROLES
from handlers.mentoring.blocks.member_pieces import (
    MAX_SHOWN_TOPICS,
    choices_text,
    edit_button,
    size_label,
)
from handlers.ui.common import (
    Block,
    actions,
    button,
    context,
    escape,
    input_block,
    message,
    modal,
    option,
    plain,
    section,
    text_input,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.services.mentoring.signup import SignUpSaved


# Preferred group sizes people choose from: ranges within the matcher's bounds.
SIZE_CHOICES: tuple[tuple[int, int], ...] = (
    (4, 5),
    (3, 4),
    (5, 6),
    (SIZE_LIMIT_LOW, SIZE_LIMIT_HIGH),
)
DEFAULT_SIZE = (4, 5)


# What the profile form carries when the sign-up follows it (see handlers.mentoring.forms).
SIGNUP_NEXT = "mentoring.signup"


# The choices ---------------------------------------------------------------------------------


def size_value(low: int, high: int) -> str:
    return f"{low}-{high}"


def _role_options() -> list[dict[str, Any]]:
    return [
        {
            **option(t(ROLES[role]), role.value),
            "description": plain(t(ROLE_HINTS[role]), 75),
        }
        for role in MentoringRole
    ]


def _mode_options() -> list[dict[str, Any]]:
    return [option(t(MODES[mode]), mode.value) for mode in MeetingMode]


def _frequency_options() -> list[dict[str, Any]]:
    return [option(t(FREQUENCIES[f]), f.value) for f in Frequency]


def _size_options(current: tuple[int, int] | None) -> list[dict[str, Any]]:
    sizes = list(SIZE_CHOICES)
    if current is not None and current not in sizes:
        sizes.append(current)
    return [option(size_label(low, high), size_value(low, high)) for low, high in sizes]


def _pick(options: list[dict[str, Any]], value: str) -> dict[str, Any] | None:
    return next((item for item in options if item["value"] == value), None)


# The sign-up form ----------------------------------------------------------------------------


def signup_view(
    signup: SignUp | None, suggested_topics: Sequence[str] = (), *, profile_hidden: bool = False
) -> dict[str, Any]:
    """The sign-up form: blank but for topics suggested from the profile, or prefilled with the
    current sign-up for editing. It says what the group will see of the person when they are
    introduced, and that a profile hidden from searches is not hidden from the group."""
    choices = signup.choices if signup is not None else None
    editing = choices is not None

    roles = _role_options()
    role: dict[str, Any] = {"type": "radio_buttons", "action_id": InputId.MENTORING_ROLE}
    role["options"] = roles
    if choices is not None and (chosen := _pick(roles, choices.role.value)):
        role["initial_option"] = chosen

    modes = _mode_options()
    mode: dict[str, Any] = {"type": "radio_buttons", "action_id": InputId.MENTORING_MODE}
    mode["options"] = modes
    if choices is not None and (chosen := _pick(modes, choices.mode.value)):
        mode["initial_option"] = chosen

    current_size = (choices.size_min, choices.size_max) if choices is not None else None
    sizes = _size_options(current_size)
    size: dict[str, Any] = {
        "type": "static_select",
        "action_id": InputId.MENTORING_SIZE,
        "placeholder": plain(t("mentoring.signup.size_placeholder"), 150),
        "options": sizes,
    }
    wanted = current_size or DEFAULT_SIZE
    if chosen := _pick(sizes, size_value(*wanted)):
        size["initial_option"] = chosen

    frequencies = _frequency_options()
    frequency: dict[str, Any] = {
        "type": "static_select",
        "action_id": InputId.MENTORING_FREQUENCY,
        "placeholder": plain(t("mentoring.signup.frequency_placeholder"), 150),
        "options": frequencies,
    }
    if choices is not None and (chosen := _pick(frequencies, choices.frequency.value)):
        frequency["initial_option"] = chosen

    topics = choices.topics if choices is not None else tuple(suggested_topics)
    sees = t("mentoring.signup.group_sees")
    if profile_hidden:
        sees += "\n" + t("mentoring.signup.group_sees_hidden")
    blocks: list[Block] = [
        context(t("mentoring.signup.intro")),
        context(sees),
        input_block(BlockId.MENTORING_ROLE, t("mentoring.signup.role"), role),
        input_block(
            BlockId.MENTORING_TOPICS,
            t("mentoring.signup.topics"),
            text_input(
                InputId.MENTORING_TOPICS,
                initial=", ".join(topics),
                max_length=MAX_TOPICS_TEXT,
                placeholder=t("mentoring.signup.topics_placeholder"),
            ),
            hint=t("mentoring.signup.topics_hint"),
        ),
        input_block(BlockId.MENTORING_MODE, t("mentoring.signup.mode"), mode),
        input_block(BlockId.MENTORING_SIZE, t("mentoring.signup.size"), size),
        input_block(BlockId.MENTORING_FREQUENCY, t("mentoring.signup.frequency"), frequency),
        input_block(
            BlockId.MENTORING_HOPES,
            t("mentoring.signup.hopes"),
            text_input(
                InputId.MENTORING_HOPES,
                initial=choices.hopes if choices is not None else "",
                max_length=MAX_HOPES,
                multiline=True,
            ),
            optional=True,
            hint=t("mentoring.signup.hopes_hint"),
        ),
    ]
    return modal(
        CallbackId.MENTORING_SIGNUP_SUBMIT,
        t("mentoring.signup.title_edit") if editing else t("mentoring.signup.title_new"),
        blocks,
        submit=t("mentoring.signup.submit_edit") if editing else t("mentoring.signup.submit_new"),
        close=t("buttons.cancel"),
    )


def signup_saved_message(saved: SignUpSaved) -> dict[str, Any]:
    """The DM after the form is saved: what happens next, and topics new to everyone."""
    heading = t("mentoring.signup.saved_new") if saved.created else t("mentoring.signup.saved_edit")
    next_text = t("mentoring.signup.next_grouped") if saved.grouped else t("mentoring.signup.next")
    blocks: list[Block] = [section(f"*{heading}*\n{next_text}")]
    unfamiliar = saved.unfamiliar_topics
    if unfamiliar:
        named = join([f"_{escape(topic)}_" for topic in unfamiliar[:MAX_SHOWN_TOPICS]])
        blocks.append(section(plural("mentoring.signup.unfamiliar", len(unfamiliar), topics=named)))
    blocks.append(section(choices_text(saved.signup.choices)))
    blocks.append(context(t("mentoring.signup.manage")))
    blocks.append(actions(edit_button()))
    return message(heading, blocks)


# No profile yet ------------------------------------------------------------------------------


def profile_first_message() -> dict[str, Any]:
    """Signing up needs a who's who profile: offer to make one, with the sign-up to follow."""
    text = t("mentoring.profile_first.text")
    return message(
        text,
        [
            section(text),
            actions(
                button(
                    t("mentoring.profile_first.button"),
                    ActionId.MENTORING_PROFILE_FIRST,
                    "profile",
                    style="primary",
                )
            ),
        ],
    )


def profile_first_view(profile_form: dict[str, Any]) -> dict[str, Any]:
    """The profile form, saying the sign-up comes next, and marked so its submission opens it."""
    view = dict(profile_form)
    view["blocks"] = [context(t("mentoring.profile_first.modal_note")), *profile_form["blocks"]]
    view["private_metadata"] = json.dumps({"next": SIGNUP_NEXT}, separators=(",", ":"))
    return view
