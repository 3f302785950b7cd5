"""Block Kit for members of mentoring groups: the sign-up form, its confirmation, pausing,
leaving, your status, help and the Home tab's part.

Pure functions from the service's results to Slack's JSON. Everything people typed (topics,
hopes, a date they tried) is escaped; the only live markup made here is a date
(`<!date^…>`, shown in each reader's own time zone) and mentions of group members built from
their Slack ids.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.mentoring import SIZE_LIMIT_HIGH, SIZE_LIMIT_LOW, MeetingMode, MentoringRole
from bot.domain.mentoring_programme import (
    MAX_HOPES,
    Frequency,
    SignUp,
    SignUpChoices,
    WaitingReason,
)
from bot.domain.people import MAX_TOPICS_TEXT
from bot.i18n import keys, t
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from handlers.ui.common import (
    Block,
    actions,
    button,
    clip,
    confirm_dialog,
    context,
    divider,
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
    from datetime import datetime

    from bot.domain.mentoring_programme import MentoringGroup
    from bot.services.mentoring import MyMentoring, SignUpSaved

DEFAULT_TIMEZONE = "Europe/London"
# Preferred group sizes people choose from: ranges within the matcher's bounds.
SIZE_CHOICES: tuple[tuple[int, int], ...] = (
    (4, 5),
    (3, 4),
    (5, 6),
    (SIZE_LIMIT_LOW, SIZE_LIMIT_HIGH),
)
DEFAULT_SIZE = (4, 5)
# What the profile form carries when the sign-up follows it (see handlers.mentoring.views).
SIGNUP_NEXT = "mentoring.signup"
MAX_SHOWN_TOPICS = 10
HOPES_SHOWN = MAX_HOPES

_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")


# Markup we make ------------------------------------------------------------------------------


def mention(user_id: str) -> str:
    """A mention of a Slack id; anything that is not one is shown inert."""
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def _zone(timezone: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def plain_date(moment: datetime, timezone: str | None) -> str:
    """A day in plain words in the person's zone: "Sunday 31 January 2027"."""
    local = moment.astimezone(_zone(timezone))
    return t(
        "mentoring.time.fallback",
        weekday=t("mentoring.time.weekdays").split()[local.weekday()],
        day=local.day,
        month=t("mentoring.time.months").split()[local.month - 1],
        year=local.year,
    )


def slack_date(moment: datetime, timezone: str | None) -> str:
    """`<!date^…>`: the day in each reader's own zone; the fallback is in `timezone`."""
    tokens = t("mentoring.time.slack_date")
    return f"<!date^{int(moment.timestamp())}^{tokens}|{plain_date(moment, timezone)}>"


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return t("mentoring.signup.and", first=", ".join(items[:-1]), last=items[-1])


def _topics(topics: Sequence[str]) -> str:
    shown = [escape(topic) for topic in topics[:MAX_SHOWN_TOPICS]]
    return ", ".join(shown)


# The choices ---------------------------------------------------------------------------------


def size_value(low: int, high: int) -> str:
    return f"{low}-{high}"


def size_label(low: int, high: int) -> str:
    if (low, high) == (SIZE_LIMIT_LOW, SIZE_LIMIT_HIGH):
        return t("mentoring.size.any", low=low, high=high)
    return t("mentoring.size.range", low=low, high=high)


def _role_options() -> list[dict[str, Any]]:
    return [
        {
            **option(t(f"mentoring.role.{role.value}"), role.value),
            "description": plain(t(f"mentoring.role.{role.value}_hint"), 75),
        }
        for role in MentoringRole
    ]


def _mode_options() -> list[dict[str, Any]]:
    return [option(t(f"mentoring.mode.{mode.value}"), mode.value) for mode in MeetingMode]


def _frequency_options() -> list[dict[str, Any]]:
    return [option(t(f"mentoring.frequency.{f.value}"), f.value) for f in Frequency]


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
        t("mentoring.signup.title_edit" if editing else "mentoring.signup.title_new"),
        blocks,
        submit=t("mentoring.signup.submit_edit" if editing else "mentoring.signup.submit_new"),
        close=t("buttons.cancel"),
    )


def choices_text(choices: SignUpChoices) -> str:
    """What someone signed up for, as mrkdwn (typed text escaped)."""
    text = t(
        "mentoring.signup.summary",
        role=t(f"mentoring.role.{choices.role.value}"),
        topics=_topics(choices.topics),
        mode=t(f"mentoring.mode.{choices.mode.value}"),
        size=size_label(choices.size_min, choices.size_max),
        frequency=t(f"mentoring.frequency.{choices.frequency.value}"),
    )
    if choices.hopes:
        hopes = escape(clip(choices.hopes, HOPES_SHOWN))
        text += "\n" + t("mentoring.signup.summary_hopes", hopes=hopes)
    return text


def _edit_button() -> dict[str, Any]:
    return button(t("mentoring.buttons.edit"), ActionId.MENTORING_SIGNUP_OPEN, "edit")


def signup_saved_message(saved: SignUpSaved) -> dict[str, Any]:
    """The DM after the form is saved: what happens next, and topics new to everyone."""
    heading = t("mentoring.signup.saved_new" if saved.created else "mentoring.signup.saved_edit")
    next_text = t("mentoring.signup.next_grouped" if saved.grouped else "mentoring.signup.next")
    blocks: list[Block] = [section(f"*{heading}*\n{next_text}")]
    unfamiliar = saved.unfamiliar_topics
    if unfamiliar:
        key = "mentoring.signup.unfamiliar_one"
        if len(unfamiliar) > 1:
            key = "mentoring.signup.unfamiliar_many"
        named = _and([f"_{escape(topic)}_" for topic in unfamiliar[:MAX_SHOWN_TOPICS]])
        blocks.append(section(t(key, topics=named)))
    blocks.append(section(choices_text(saved.signup.choices)))
    blocks.append(context(t("mentoring.signup.manage")))
    blocks.append(actions(_edit_button()))
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


# Pausing, resuming, leaving ------------------------------------------------------------------


def _resume_button() -> dict[str, Any]:
    return button(
        t("mentoring.buttons.resume"), ActionId.MENTORING_RESUME, "resume", style="primary"
    )


def pause_message(signup: SignUp, *, timezone: str | None) -> dict[str, Any]:
    """Paused: until when, and a button to resume now."""
    if signup.paused_until is not None:
        text = t("mentoring.pause.until", date=slack_date(signup.paused_until, timezone))
        fallback = t("mentoring.pause.until", date=plain_date(signup.paused_until, timezone))
    else:
        text = fallback = t("mentoring.pause.open")
    return message(
        fallback,
        [
            section(text),
            context(t("mentoring.pause.resume_hint")),
            actions(_resume_button()),
        ],
    )


def pause_error_message(key: str, typed: str) -> dict[str, Any]:
    """A date that could not be used: why, with the shapes that work, and what was typed."""
    text = t(key) if key in keys() else t("mentoring.errors.pause_date_unreadable")
    blocks: list[Block] = [section(text)]
    if typed.strip():
        blocks.append(context(t("mentoring.pause.you_typed", text=escape(clip(typed, 100)))))
    return message(text, blocks)


def resumed_message(*, was_paused: bool) -> dict[str, Any]:
    text = t("mentoring.resume.done" if was_paused else "mentoring.resume.was_not_paused")
    return message(text, [section(text)])


def _with_sign_up_button(key: str) -> dict[str, Any]:
    """Catalogue text `key` for someone not signed up, with a button to sign up."""
    text = t(key)
    sign_up = button(
        t("mentoring.buttons.sign_up"), ActionId.MENTORING_SIGNUP_OPEN, "join", style="primary"
    )
    return message(text, [section(text), actions(sign_up)])


def not_signed_up_message() -> dict[str, Any]:
    """Not signed up (for pause, resume, status): a hint and a button to sign up."""
    return _with_sign_up_button("mentoring.not_signed_up")


def leave_button() -> dict[str, Any]:
    return button(
        t("mentoring.buttons.leave"),
        ActionId.MENTORING_LEAVE,
        "leave",
        style="danger",
        confirm=confirm_dialog(
            t("mentoring.leave.confirm_title"),
            t("mentoring.leave.confirm_text"),
            t("mentoring.leave.confirm_yes"),
            t("mentoring.leave.confirm_no"),
        ),
    )


def leave_confirm_message() -> dict[str, Any]:
    """`/mentoring leave`: what leaving erases, a Leave button that asks once more, and a way
    back that changes nothing."""
    text = t("mentoring.leave.ask")
    stay = button(t("mentoring.buttons.stay"), ActionId.MENTORING_LEAVE_CANCEL, "stay")
    return message(text, [section(text), actions(leave_button(), stay)])


def leave_cancelled_message() -> dict[str, Any]:
    """ "Stay signed up": nothing was changed, and how to manage the sign-up."""
    text = t("mentoring.leave.kept")
    return message(text, [section(text), context(t("mentoring.status.manage"))])


def nothing_to_leave_message() -> dict[str, Any]:
    """`/mentoring leave` from someone not signed up: nothing to leave, and how to sign up."""
    return _with_sign_up_button("mentoring.leave.not_signed_up")


def left_message(*, erased: bool) -> dict[str, Any]:
    text = t("mentoring.leave.done" if erased else "mentoring.leave.nothing")
    return message(text, [section(text)])


# Status --------------------------------------------------------------------------------------


def _state_text(signup: SignUp, mine: MyMentoring, timezone: str | None) -> str:
    if mine.paused:
        if signup.paused_until is not None:
            until = slack_date(signup.paused_until, timezone)
            return t("mentoring.status.paused_until", date=until)
        return t("mentoring.status.paused_open")
    if mine.group is None:
        reason = signup.waiting_reason or WaitingReason.NEW
        return t(f"mentoring.status.waiting.{reason.value}")
    return t("mentoring.status.signed_up")


def group_text(group: MentoringGroup) -> str:
    """My group's members as mentions, who facilitates next, and the topics they share."""
    lines = [t("mentoring.status.group", members=", ".join(mention(u) for u in group.member_ids))]
    facilitator = group.facilitator()
    if facilitator is not None:
        lines.append(t("mentoring.status.facilitator", person=mention(facilitator)))
    if group.shared_topics:
        lines.append(t("mentoring.status.topics", topics=_topics(group.shared_topics)))
    return "\n".join(lines)


def status_message(mine: MyMentoring, *, timezone: str | None) -> dict[str, Any]:
    """`/mentoring status`: my sign-up, whether paused, my group and its next facilitator."""
    signup = mine.signup
    if signup is None:
        return not_signed_up_message()
    heading = t("mentoring.status.heading")
    blocks: list[Block] = [section(f"*{heading}*\n{_state_text(signup, mine, timezone)}")]
    if mine.group is not None:
        blocks.append(section(group_text(mine.group)))
        if mine.cycle is not None:
            ends = slack_date(mine.cycle.ends_at, timezone)
            blocks.append(context(t("mentoring.status.cycle_ends", date=ends)))
    blocks.append(section(choices_text(signup.choices)))
    buttons = [_edit_button()]
    if mine.paused:
        buttons.append(_resume_button())
    buttons.append(leave_button())
    blocks.append(actions(*buttons))
    blocks.append(context(t("mentoring.status.manage")))
    return message(heading, blocks)


# Help ----------------------------------------------------------------------------------------


def mentoring_help_message(unknown: str | None = None) -> dict[str, Any]:
    """Every verb, the organisers' too; with a hint first when the words were not understood."""
    blocks: list[Block] = []
    if unknown:
        blocks.append(section(t("mentoring.help.unknown", text=escape(clip(unknown, 100)))))
    blocks.append(section(t("mentoring.help.text")))
    blocks.append(section(t("mentoring.help.organisers")))
    return message(t("mentoring.help.fallback"), blocks)


# The Home tab's part -------------------------------------------------------------------------


def mentoring_home_blocks(
    mine: MyMentoring, *, has_profile: bool, timezone: str | None = None
) -> list[Block]:
    """Join (or create a profile first); or my status, my group and an Edit button.

    At most 5 blocks.
    """
    heading = f"*{t('mentoring.home.heading')}*"
    signup = mine.signup
    if signup is None:
        if not has_profile:
            return [
                divider(),
                section(f"{heading}\n{t('mentoring.home.no_profile')}"),
                actions(
                    button(
                        t("mentoring.profile_first.button"),
                        ActionId.MENTORING_PROFILE_FIRST,
                        "profile",
                        style="primary",
                    )
                ),
            ]
        return [
            divider(),
            section(f"{heading}\n{t('mentoring.home.none')}"),
            actions(
                button(
                    t("mentoring.buttons.join"),
                    ActionId.MENTORING_SIGNUP_OPEN,
                    "join",
                    style="primary",
                )
            ),
        ]
    blocks: list[Block] = [
        divider(),
        section(f"{heading}\n{_state_text(signup, mine, timezone)}"),
    ]
    if mine.group is not None:
        blocks.append(section(group_text(mine.group)))
    buttons = [_edit_button()]
    if mine.paused:
        buttons.append(_resume_button())
    blocks.append(actions(*buttons))
    return blocks
