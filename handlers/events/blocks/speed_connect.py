"""Block Kit for Speed Connect: the offer in the RSVP reply, the Join and Leave buttons, the
reply to either, and each little group's introduction in its group DM."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import N_, t
from handlers.events.blocks.pieces import title_text, user_mention
from handlers.ids import ActionId
from handlers.ui.common import Block, actions, button, message, section
from handlers.ui.time import event_zone, slack_time

if TYPE_CHECKING:
    from bot.domain.events import Event
    from bot.services.speed_connect import JoinOutcome, SpeedConnectIntro


def speed_connect_button(event: Event, *, joined: bool) -> dict[str, Any]:
    """Join (not in yet) or Leave (in)."""
    if joined:
        return button(
            t("speed_connect.button.leave"), ActionId.EVENT_SPEED_CONNECT, f"leave:{event.id}"
        )
    return button(
        t("speed_connect.button.join"),
        ActionId.EVENT_SPEED_CONNECT,
        f"join:{event.id}",
        style="primary",
    )


def _at(event: Event) -> str:
    moment = event.details.speed_connect_at
    return slack_time(moment, event_zone(event)) if moment is not None else ""


def speed_connect_offer(event: Event) -> str:
    """What Speed Connect is, for someone just going to an event that has it."""
    return t("speed_connect.offer", when=_at(event))


def join_reply_message(outcome: JoinOutcome) -> dict[str, Any]:
    """What a person who pressed Join or Leave is told (only they see it)."""
    event, title = outcome.event, title_text(outcome.event)
    if outcome.joined:
        key = N_("speed_connect.joined") if outcome.changed else N_("speed_connect.already_joined")
    else:
        key = N_("speed_connect.left") if outcome.changed else N_("speed_connect.already_left")
    text = t(key, title=title, when=_at(event))
    blocks: list[Block] = [
        section(text),
        actions(speed_connect_button(event, joined=outcome.joined)),
    ]
    return message(text, blocks)


def _people(member_ids: tuple[str, ...]) -> str:
    mentions = [user_mention(uid) for uid in member_ids]
    if len(mentions) < 2:
        return "".join(mentions)
    return t("speed_connect.intro.and", first=", ".join(mentions[:-1]), last=mentions[-1])


def introduction_message(intro: SpeedConnectIntro) -> dict[str, Any]:
    """A group's introduction in its own group DM, with its suggested question."""
    title = title_text(intro.event)
    people = _people(intro.group.member_ids)
    question = t("speed_connect.intro.question", question=t(intro.group.question))
    text = t("speed_connect.intro.text", title=title, people=people)
    blocks: list[Block] = [
        section(t("speed_connect.intro.body", title=title, people=people)),
        section(question),
    ]
    return message(text, blocks)
