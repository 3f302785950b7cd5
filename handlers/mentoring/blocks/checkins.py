"""Block Kit for each member's check-in in a group and what replaces it once answered.

A check-in button's value carries the group, the round, the answer and whose check-in it is
(`"12:3:met:U0123"`), read back strictly: anything else is refused politely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError
from bot.domain.mentoring_programme import CheckInAnswer
from bot.i18n import N_, t
from handlers.ids import ActionId, indexed
from handlers.mentoring.blocks.group_pieces import mention, mentions_text, plain_date, slack_date
from handlers.mentoring.blocks.labels import CHECKIN_BUTTONS, CHECKIN_RECORDED
from handlers.ui.common import Block, actions, button, context, message, section

if TYPE_CHECKING:
    from datetime import datetime

    from bot.services.mentoring.checkins import CheckInAnswered, CheckInPrompt


_CHECKIN_VALUE = re.compile(r"^(\d{1,10}):(\d{1,4}):([a-z_]{1,20}):([UW][A-Z0-9]{2,30})$")
CHECKIN_ANSWERS = (CheckInAnswer.MET, CheckInAnswer.NOT_YET, CheckInAnswer.STOPPED)


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
        raise DomainError(N_("mentoring.checkin.unreadable"))
    try:
        answer = CheckInAnswer(found.group(3))
    except ValueError:
        raise DomainError(N_("mentoring.checkin.unreadable")) from None
    group_id, round_ = int(found.group(1)), int(found.group(2))
    if not 1 <= group_id < 2**31 or round_ < 1:  # ids are 32-bit integers in the database
        raise DomainError(N_("mentoring.checkin.unreadable"))
    return CheckInChoice(group_id, round_, answer, found.group(4))


def checkin_message(prompt: CheckInPrompt, *, since: datetime) -> dict[str, Any]:
    """One member's check-in: has the group met since `since`? Three one-click answers."""
    group = prompt.group
    question = t("mentoring.checkin.question", date=slack_date(since))
    buttons = [
        button(
            t(CHECKIN_BUTTONS[answer]),
            indexed(ActionId.MENTORING_CHECKIN, index),
            checkin_value(group.id, prompt.round, answer, prompt.user_id),
            style="primary" if answer is CheckInAnswer.MET else None,
        )
        for index, answer in enumerate(CHECKIN_ANSWERS)
    ]
    notes = [t("mentoring.checkin.group", members=mentions_text(group.member_ids))]
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
        text = t(CHECKIN_RECORDED[answered.answer])
    if not answered.changed:
        text = t("mentoring.checkin.already") + "\n" + text
    return message(text, [section(text)])
