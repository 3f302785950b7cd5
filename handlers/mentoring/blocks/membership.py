"""Block Kit for managing a mentoring sign-up: pausing, resuming, leaving, `/mentoring
status` and help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import N_, keys, t
from handlers.ids import ActionId
from handlers.mentoring.blocks.member_pieces import (
    choices_text,
    edit_button,
    group_text,
    plain_date,
    resume_button,
    slack_date,
    state_text,
)
from handlers.ui.common import (
    Block,
    actions,
    button,
    clip,
    confirm_dialog,
    context,
    escape,
    message,
    section,
)

if TYPE_CHECKING:
    from bot.domain.mentoring_programme import SignUp
    from bot.services.mentoring.signup import MyMentoring


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
            actions(resume_button()),
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
    text = t("mentoring.resume.done") if was_paused else t("mentoring.resume.was_not_paused")
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
    return _with_sign_up_button(N_("mentoring.not_signed_up"))


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
    return _with_sign_up_button(N_("mentoring.leave.not_signed_up"))


def left_message(*, erased: bool) -> dict[str, Any]:
    text = t("mentoring.leave.done") if erased else t("mentoring.leave.nothing")
    return message(text, [section(text)])


def status_message(mine: MyMentoring, *, timezone: str | None) -> dict[str, Any]:
    """`/mentoring status`: my sign-up, whether paused, my group and its next facilitator."""
    signup = mine.signup
    if signup is None:
        return not_signed_up_message()
    heading = t("mentoring.status.heading")
    blocks: list[Block] = [section(f"*{heading}*\n{state_text(signup, mine, timezone)}")]
    if mine.group is not None:
        blocks.append(section(group_text(mine.group)))
        if mine.cycle is not None:
            ends = slack_date(mine.cycle.ends_at, timezone)
            blocks.append(context(t("mentoring.status.cycle_ends", date=ends)))
    blocks.append(section(choices_text(signup.choices)))
    buttons = [edit_button()]
    if mine.paused:
        buttons.append(resume_button())
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
