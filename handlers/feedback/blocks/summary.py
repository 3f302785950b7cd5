"""Block Kit for what organisers see of feedback (`/event feedback`, the summary sent when an
event's answers close, the CSV export's replies) and the App Home's feedback parts.

Pure functions from the feedback service's results to Slack's JSON. The small-slice rule is the
service's: a `Tally` with too few responses carries no average, no distribution, no agree-rate
and no comment with a name, and these builders say why instead of showing them (the agree and
follow-up counts are held back here too, since "2 of 2 agreed" is an average by another name).

Everything people typed (event titles, comments, the words after the command) is escaped; the
only live markup made here is a date (`<!date^…>`, each reader's own words, with a plain ISO
fallback) and mentions of people built from their Slack ids.

Buttons that open a summary or export it carry the event id (`"42"`), read back strictly; the
App Home's "Answer" button is `ActionId.FEEDBACK_MORE` with the prompt id (`"17"`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError
from bot.domain.feedback import FOLLOW_UP_OUTCOMES, MEASURES, RATINGS, SMALL_SLICE, is_small
from bot.i18n import t
from handlers.ids import ActionId, CallbackId, indexed
from handlers.ui.common import (
    MAX_ACTIONS_ELEMENTS,
    Block,
    actions,
    button,
    clip_markup,
    context,
    divider,
    escape,
    message,
    modal,
    section,
)
from handlers.ui.time import when_text

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.events import Event
    from bot.domain.feedback import Comment, Tally
    from bot.services.feedback import FeedbackSummary, PromptView, SummaryLine

COMMENTS_SHOWN = 20  # in a reply or a modal: the latest, then "N more in the CSV"
DM_COMMENTS_SHOWN = 3  # in the summary sent when answers close
COMMENT_CHARS = 1300  # of each of a comment's two parts, escaped: a section holds 3,000
TITLE_CHARS = 200  # of an event's title, escaped, in a line
WORDS_CHARS = 100  # of the words typed after the command, as echoed back
OTHER_EVENTS = 5  # buttons to the organiser's other events under a summary
PICK_LINES = 10  # events to choose from when the words typed match several
HOME_PROMPTS = 5  # prompts awaiting an answer on the Home tab
HOME_SUMMARIES = 5  # organisers' events with feedback on the Home tab
BAR_WIDTH = 12  # characters of the longest bar in a distribution

_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_EVENT_VALUE = re.compile(r"^[1-9]\d{0,9}$")


# Pieces ----------------------------------------------------------------------------------------


def mention(user_id: str) -> str:
    """A mention built from a Slack id; anything that is not one is shown inert."""
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def _organised_by(event: Event) -> str:
    if event.organiser_erased:
        return t("feedback.summary.by_erased")
    return t("feedback.summary.by", organiser=mention(event.organiser_id))


def typed(text: str, limit: int) -> str:
    """Text a person typed, made inert and cut to `limit` without breaking an entity."""
    return clip_markup(escape(text), limit)


def slack_date(moment: datetime) -> str:
    """`<!date^…>`: each reader sees the day in their own words and zone."""
    fallback = moment.strftime("%Y-%m-%d")
    return f"<!date^{int(moment.timestamp())}^{t('feedback.summary.date_tokens')}|{fallback}>"


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def _plural(key: str, count: int, **params: Any) -> str:
    return t(f"{key}.{'one' if count == 1 else 'many'}", count=count, **params)


def event_value(event_id: int) -> str:
    return str(event_id)


def read_event_value(value: str | None) -> int:
    """A summary or export button's value back into the event id; a forged one reads as
    expired."""
    if value is None or not _EVENT_VALUE.match(value) or int(value) >= 2**31:
        raise DomainError("errors.expired")
    return int(value)


def _title(event: Event) -> str:
    return typed(event.title, TITLE_CHARS)


def _export_button(event: Event) -> dict[str, Any]:
    return button(
        t("feedback.summary.export_button"), ActionId.FEEDBACK_EXPORT, event_value(event.id)
    )


# One event's summary ---------------------------------------------------------------------------


def _heading(summary: FeedbackSummary, viewer: str | None) -> Block:
    event = summary.event
    lines = [t("feedback.summary.title", title=_title(event)), when_text(event)]
    if viewer is not None and viewer != event.organiser_id:
        lines[0] += " · " + _organised_by(event)
    return section("\n".join(lines))


def _window(summary: FeedbackSummary) -> Block:
    round_ = summary.round
    if summary.closed:
        return context(t("feedback.summary.closed", date=slack_date(round_.closes_at)))
    return context(t("feedback.summary.open_until", date=slack_date(round_.closes_at)))


def distribution_lines(distribution: Sequence[int]) -> list[str]:
    """A small bar a rating, 5 first: "5 ★  ████████████ 8"."""
    widest = max(distribution, default=0)
    lines = []
    for rating, count in sorted(zip(RATINGS, distribution, strict=False), reverse=True):
        width = max(1, round(BAR_WIDTH * count / widest)) if count and widest else 0
        bar = "█" * width if width else "·"
        lines.append(t("feedback.summary.distribution_line", rating=rating, bar=bar, count=count))
    return lines


def numbers_text(tally: Tally) -> str:
    """Responses of those asked and the rate; the average and its spread when shown."""
    if tally.asked == 0:
        return t("feedback.summary.nobody_asked")
    if tally.responses == 0:
        return t("feedback.summary.responses_none", asked=tally.asked)
    rate = tally.response_rate or 0.0
    lines = [
        t(
            "feedback.summary.responses",
            responses=tally.responses,
            asked=tally.asked,
            rate=percent(rate),
        )
    ]
    ratings = _plural("feedback.summary.ratings", tally.rated)
    if tally.average is not None:
        lines.append(
            t("feedback.summary.average", average=one_decimal(tally.average), ratings=ratings)
        )
        if tally.distribution is not None:
            lines.extend(distribution_lines(tally.distribution))
    elif tally.rated:
        lines.append(t("feedback.summary.average_hidden", ratings=ratings, needed=SMALL_SLICE))
    return "\n".join(lines)


def measures_text(tally: Tally) -> str | None:
    """Each statement's agree-rate, as a percentage with its counts; only how many answered
    it while the slice is small. None when nobody has answered any statement."""
    if not any(rate.answered for rate in tally.measures):
        return None
    lines = [t("feedback.summary.measures_heading")]
    by_measure = {rate.measure: rate for rate in tally.measures}
    for measure in MEASURES:
        statement = t(f"feedback.measure.{measure.value}")  # the programme's own wording
        rate = by_measure.get(measure)
        if rate is None or rate.answered == 0:
            lines.append(t("feedback.summary.measure_none", statement=statement))
        elif rate.rate is None or tally.small:
            lines.append(
                t("feedback.summary.measure_count", statement=statement, answered=rate.answered)
            )
        else:
            lines.append(
                t(
                    "feedback.summary.measure_rate",
                    statement=statement,
                    rate=percent(rate.rate),
                    agreed=rate.agreed,
                    answered=rate.answered,
                )
            )
    return "\n".join(lines)


def follow_up_text(tally: Tally) -> str | None:
    """What came of it weeks later, once anyone was asked; each outcome's count only when
    enough answered that nobody can be singled out."""
    if not tally.follow_ups_asked:
        return None
    lines = [
        t(
            "feedback.summary.follow_up_heading",
            answered=tally.follow_ups_answered,
            asked=tally.follow_ups_asked,
        )
    ]
    if is_small(tally.follow_ups_answered):
        if tally.follow_ups_answered:
            lines.append(t("feedback.summary.follow_up_small", needed=SMALL_SLICE))
        return "\n".join(lines)
    counts = dict(tally.follow_up_counts)
    lines.extend(
        t(
            "feedback.summary.follow_up_line",
            outcome=t(f"feedback.summary.outcome.{outcome.value}"),
            count=counts.get(outcome, 0),
        )
        for outcome in FOLLOW_UP_OUTCOMES
    )
    return "\n".join(lines)


def comment_text(comment: Comment) -> str:
    """One comment: what worked, what could be better, and who (or "anonymous")."""
    lines = []
    if comment.what_worked:
        lines.append(t("feedback.summary.worked", text=typed(comment.what_worked, COMMENT_CHARS)))
    if comment.could_be_better:
        lines.append(
            t("feedback.summary.better", text=typed(comment.could_be_better, COMMENT_CHARS))
        )
    who = mention(comment.user_id) if comment.user_id else t("feedback.summary.anonymous")
    lines.append(t("feedback.summary.from", who=who))
    return "\n".join(lines)


def comment_blocks(tally: Tally, *, shown: int) -> list[Block]:
    """The latest `shown` comments, newest first; how many more the CSV holds; how many with
    a name are held back in a small slice, and why."""
    comments = tally.comments
    blocks: list[Block] = []
    if comments:
        latest = list(reversed(comments[-shown:])) if shown > 0 else []
        heading = (
            t("feedback.summary.comments_heading", count=len(comments))
            if len(latest) == len(comments)
            else t("feedback.summary.comments_latest", shown=len(latest), count=len(comments))
        )
        blocks.append(section(heading))
        blocks.extend(section(comment_text(comment)) for comment in latest)
        hidden = len(comments) - len(latest)
        if hidden:
            more = "more_later" if tally.small else "more_in_csv"
            blocks.append(context(_plural(f"feedback.summary.{more}", hidden)))
    elif tally.responses and not tally.withheld_comments:
        blocks.append(context(t("feedback.summary.comments_none")))
    if tally.withheld_comments:
        blocks.append(
            context(
                _plural("feedback.summary.withheld", tally.withheld_comments, needed=SMALL_SLICE)
            )
        )
    return blocks


def summary_blocks(
    summary: FeedbackSummary, *, viewer: str | None, comments: int = COMMENTS_SHOWN
) -> list[Block]:
    """The whole of one event's feedback, as far as the small-slice rule lets it be shown."""
    tally = summary.tally
    blocks: list[Block] = [
        _heading(summary, viewer),
        _window(summary),
        section(numbers_text(tally)),
    ]
    if tally.small and tally.responses:
        blocks.append(context(t("feedback.summary.small", needed=SMALL_SLICE)))
    measures = measures_text(tally)
    if measures:
        blocks.append(section(measures))
    follow_ups = follow_up_text(tally)
    if follow_ups:
        blocks.append(section(follow_ups))
    found = comment_blocks(tally, shown=comments)
    if found:
        blocks.append(divider())
        blocks.extend(found)
    if not is_small(tally.responses):
        blocks.append(actions(_export_button(summary.event)))
    elif tally.asked:
        blocks.append(context(t("feedback.summary.export_later", needed=SMALL_SLICE)))
    blocks.append(context(t("feedback.summary.privacy")))
    return blocks


def _fallback(summary: FeedbackSummary, key: str) -> str:
    return t(
        key,
        title=escape(summary.event.title),
        responses=summary.tally.responses,
        asked=summary.tally.asked,
    )


def summary_message(
    summary: FeedbackSummary, *, viewer: str, others: Sequence[SummaryLine] = ()
) -> dict[str, Any]:
    """`/event feedback`'s answer: one event's summary; under it, buttons to the viewer's
    other events with feedback."""
    blocks = summary_blocks(summary, viewer=viewer)
    rest = [line for line in others if line.event.id != summary.event.id][:OTHER_EVENTS]
    if rest:
        blocks.append(divider())
        blocks.append(context(t("feedback.summary.others")))
        blocks.append(
            actions(
                *(
                    button(
                        line.event.title,
                        indexed(ActionId.FEEDBACK_SUMMARY_OPEN, index),
                        event_value(line.event.id),
                    )
                    for index, line in enumerate(rest[:MAX_ACTIONS_ELEMENTS])
                )
            )
        )
        blocks.append(context(t("feedback.summary.others_hint")))
    return message(_fallback(summary, "feedback.summary.fallback"), blocks)


def summary_view(summary: FeedbackSummary, *, viewer: str) -> dict[str, Any]:
    """The same summary in a modal (opened from the Home tab, where no message can answer)."""
    blocks = summary_blocks(summary, viewer=viewer)
    return modal(
        CallbackId.NOTICE,
        t("feedback.summary.modal_title"),
        blocks,
        close=t("feedback.summary.close"),
    )


def summary_dm_message(summary: FeedbackSummary) -> dict[str, Any]:
    """Sent to the organiser when the answers close: the summary, short, with the export."""
    intro = section(t("feedback.summary.dm_intro", title=_title(summary.event)))
    blocks = [intro, *summary_blocks(summary, viewer=None, comments=DM_COMMENTS_SHOWN)]
    blocks.insert(-1, context(t("feedback.summary.dm_more")))
    return message(_fallback(summary, "feedback.summary.dm_fallback"), blocks)


# Choosing an event -----------------------------------------------------------------------------


def line_text(line: SummaryLine, *, viewer: str | None = None) -> str:
    """One event with feedback: its title and date; answered of asked, the average (or why
    not yet), and whether answers are still open."""
    event = line.event
    head = f"*{_title(event)}* · {slack_date(event.starts_at)}"
    if viewer is not None and viewer != event.organiser_id:
        head += " · " + _organised_by(event)
    facts = [t("feedback.home.line_counts", responses=line.responses, asked=line.asked)]
    if line.average is not None:
        facts.append(t("feedback.home.line_average", average=one_decimal(line.average)))
    elif is_small(line.responses):
        facts.append(t("feedback.home.line_small", needed=SMALL_SLICE))
    facts.append(t("feedback.home.line_closed" if line.closed else "feedback.home.line_open"))
    return f"{head}\n{' · '.join(facts)}"


def _see_button(line: SummaryLine) -> dict[str, Any]:
    return button(
        t("feedback.summary.pick_button"),
        ActionId.FEEDBACK_SUMMARY_OPEN,
        event_value(line.event.id),
    )


def pick_message(
    lines: Sequence[SummaryLine], words: str, *, viewer: str | None = None
) -> dict[str, Any]:
    """The words typed match several events: a short list to pick one from."""
    text = t("feedback.summary.pick", words=typed(words, WORDS_CHARS))
    blocks: list[Block] = [section(text)]
    blocks.extend(
        section(line_text(line, viewer=viewer), accessory=_see_button(line))
        for line in lines[:PICK_LINES]
    )
    return message(t("feedback.summary.pick_fallback"), blocks)


def _text_message(text: str, *hints: str) -> dict[str, Any]:
    blocks = [section(text)]
    if hints:
        blocks.append(context(*hints))
    return message(text, blocks)


def not_organiser_message() -> dict[str, Any]:
    return _text_message(t("feedback.summary.not_organiser"))


def none_yet_message() -> dict[str, Any]:
    return _text_message(t("feedback.summary.none_yet"))


def no_match_message(words: str) -> dict[str, Any]:
    return _text_message(
        t("feedback.summary.no_match", words=typed(words, WORDS_CHARS)),
        t("feedback.summary.no_match_hint"),
    )


def feedback_help_block() -> Block:
    """The `/event feedback` line that `/event help` shows under its own."""
    return section(t("feedback.summary.help_line"))


# The CSV export ---------------------------------------------------------------------------------


def export_filename(event: Event) -> str:
    return f"feedback-event-{event.id}-{event.starts_at:%Y-%m-%d}.csv"


def export_comment(event: Event) -> str:
    return t("feedback.export.comment", title=_title(event))


def export_sent_message(event: Event) -> dict[str, Any]:
    return _text_message(t("feedback.export.sent", title=_title(event)))


def export_failed_message(reason: str) -> dict[str, Any]:
    return _text_message(t("feedback.export.failed", reason=typed(reason, 60)))


def notice_view(payload: dict[str, Any]) -> dict[str, Any]:
    """A reply shown in a modal pushed over the summary (a button clicked in a modal)."""
    return modal(
        CallbackId.NOTICE,
        t("feedback.summary.modal_title"),
        list(payload["blocks"]),
        close=t("feedback.summary.close"),
    )


# The App Home -----------------------------------------------------------------------------------


def awaiting_home_blocks(views: Sequence[PromptView], *, opted_out: bool = False) -> list[Block]:
    """Prompts still open and unanswered, each with an "Answer" button (FEEDBACK_MORE, whose
    value is the prompt id) that opens the form. Nothing when there is nothing to answer; for
    someone who asked not to be asked, the way back (FEEDBACK_OPT_IN).

    At most HOME_PROMPTS + 3 blocks.
    """
    if opted_out and not views:
        ask_again = button(t("feedback.home.opt_in_button"), ActionId.FEEDBACK_OPT_IN, "in")
        return [divider(), section(t("feedback.home.opted_out"), accessory=ask_again)]
    if not views:
        return []
    blocks: list[Block] = [divider(), section(f"*{t('feedback.home.awaiting_heading')}*")]
    for view in views[:HOME_PROMPTS]:
        date = slack_date(view.closes_at)
        if view.event is not None:
            text = t("feedback.home.awaiting_event", title=_title(view.event), date=date)
        else:
            text = t("feedback.home.awaiting_group", date=date)
        answer = button(
            t("feedback.home.answer_button"),
            ActionId.FEEDBACK_MORE,
            str(view.prompt.id),
            style="primary",
        )
        blocks.append(section(text, accessory=answer))
    if len(views) > HOME_PROMPTS:
        blocks.append(context(t("feedback.home.more", count=len(views) - HOME_PROMPTS)))
    return blocks


def summaries_home_blocks(
    lines: Sequence[SummaryLine], *, viewer: str, can_organise: bool
) -> list[Block]:
    """For organisers: their events with feedback so far, each with a button to its summary.

    At most HOME_SUMMARIES + 3 blocks.
    """
    if not lines and not can_organise:
        return []
    blocks: list[Block] = [divider(), section(f"*{t('feedback.home.summaries_heading')}*")]
    if not lines:
        blocks.append(context(t("feedback.home.summaries_none")))
        return blocks
    blocks.extend(
        section(
            line_text(line, viewer=viewer),
            accessory=button(
                t("feedback.home.see_button"),
                ActionId.FEEDBACK_SUMMARY_OPEN,
                event_value(line.event.id),
            ),
        )
        for line in lines[:HOME_SUMMARIES]
    )
    blocks.append(context(t("feedback.home.hint")))
    return blocks
