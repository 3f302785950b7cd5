"""Block Kit for one event's feedback as its organiser sees it: in reply to `/event feedback`,
in a modal, and in the summary sent when an event's answers close.

The small-slice rule is the service's: a `Tally` with too few responses carries no average, no
distribution, no agree-rate and no comment with a name, and these builders say why instead of
showing them (the agree and follow-up counts are held back here too, since "2 of 2 agreed" is
an average by another name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.feedback import FOLLOW_UP_OUTCOMES, MEASURES, RATINGS, SMALL_SLICE, is_small
from bot.i18n import N_, plural, t
from handlers.feedback.blocks.labels import MEASURE_STATEMENTS, OUTCOMES_COUNTED
from handlers.feedback.blocks.summary_pieces import (
    event_value,
    export_button,
    mention,
    one_decimal,
    organised_by,
    percent,
    slack_date,
    title_text,
    typed,
)
from handlers.ids import ActionId, CallbackId, indexed
from handlers.ui.common import (
    MAX_ACTIONS_ELEMENTS,
    Block,
    actions,
    button,
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

    from bot.domain.feedback import Comment, Tally
    from bot.services.feedback import FeedbackSummary, SummaryLine

COMMENTS_SHOWN = 20  # in a reply or a modal: the latest, then "N more in the CSV"
DM_COMMENTS_SHOWN = 3  # in the summary sent when answers close
COMMENT_CHARS = 1300  # of each of a comment's two parts, escaped: a section holds 3,000
OTHER_EVENTS = 5  # buttons to the organiser's other events under a summary
BAR_WIDTH = 12  # characters of the longest bar in a distribution


# One event's summary ---------------------------------------------------------------------------


def _heading(summary: FeedbackSummary, viewer: str | None) -> Block:
    event = summary.event
    lines = [t("feedback.summary.title", title=title_text(event)), when_text(event)]
    if viewer is not None and viewer != event.organiser_id:
        lines[0] += " · " + organised_by(event)
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
    ratings = plural("feedback.summary.ratings", tally.rated)
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
        statement = t(MEASURE_STATEMENTS[measure])  # the programme's own wording
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
            outcome=t(OUTCOMES_COUNTED[outcome]),
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
            more = (
                plural("feedback.summary.more_later", hidden)
                if tally.small
                else plural("feedback.summary.more_in_csv", hidden)
            )
            blocks.append(context(more))
    elif tally.responses and not tally.withheld_comments:
        blocks.append(context(t("feedback.summary.comments_none")))
    if tally.withheld_comments:
        blocks.append(
            context(
                plural("feedback.summary.withheld", tally.withheld_comments, needed=SMALL_SLICE)
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
        blocks.append(actions(export_button(summary.event)))
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
    return message(_fallback(summary, N_("feedback.summary.fallback")), blocks)


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
    intro = section(t("feedback.summary.dm_intro", title=title_text(summary.event)))
    blocks = [intro, *summary_blocks(summary, viewer=None, comments=DM_COMMENTS_SHOWN)]
    blocks.insert(-1, context(t("feedback.summary.dm_more")))
    return message(_fallback(summary, N_("feedback.summary.dm_fallback")), blocks)
