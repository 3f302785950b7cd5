"""The words for feedback's measures, answers and outcomes, by catalogue key.

Every key is written out (marked with `N_`) so that a tool can extract it: a key is never built
from a value.
"""

from __future__ import annotations

from bot.domain.feedback import Agreement, FollowUpOutcome, Measure
from bot.i18n import N_

# The programme's own statements, each agreed with or not
MEASURE_STATEMENTS = {
    Measure.LEARNED: N_("feedback.measure.learned"),
    Measure.DEVELOPED: N_("feedback.measure.developed"),
    Measure.EQUIPPED: N_("feedback.measure.equipped"),
    Measure.PUBLIC_SECTOR: N_("feedback.measure.public_sector"),
    Measure.MOBILITY: N_("feedback.measure.mobility"),
}
AGREEMENTS = {
    Agreement.AGREE: N_("feedback.form.agree"),
    Agreement.DISAGREE: N_("feedback.form.disagree"),
}
# A follow-up's outcomes: as the question lists them, as boxes to tick, as said back once
# recorded, and as counted in an organiser's summary
OUTCOMES_ASKED = {
    FollowUpOutcome.APPLIED: N_("feedback.follow_up.outcome.applied"),
    FollowUpOutcome.COLLABORATED: N_("feedback.follow_up.outcome.collaborated"),
    FollowUpOutcome.MOVED: N_("feedback.follow_up.outcome.moved"),
}
OUTCOME_CHOICES = {
    FollowUpOutcome.APPLIED: N_("feedback.follow_up.choice.applied"),
    FollowUpOutcome.COLLABORATED: N_("feedback.follow_up.choice.collaborated"),
    FollowUpOutcome.MOVED: N_("feedback.follow_up.choice.moved"),
}
OUTCOMES_DONE = {
    FollowUpOutcome.APPLIED: N_("feedback.follow_up.done.applied"),
    FollowUpOutcome.COLLABORATED: N_("feedback.follow_up.done.collaborated"),
    FollowUpOutcome.MOVED: N_("feedback.follow_up.done.moved"),
}
OUTCOMES_COUNTED = {
    FollowUpOutcome.APPLIED: N_("feedback.summary.outcome.applied"),
    FollowUpOutcome.COLLABORATED: N_("feedback.summary.outcome.collaborated"),
    FollowUpOutcome.MOVED: N_("feedback.summary.outcome.moved"),
}
# A mentoring group's prompt, by its kind: "group" at a cycle's end, "session" after a round
GROUP_QUESTIONS = {
    "group": N_("feedback.prompt.question.group"),
    "session": N_("feedback.prompt.question.session"),
}
GROUP_SUBJECTS = {
    "group": N_("feedback.answer.subject.group"),
    "session": N_("feedback.answer.subject.session"),
}
GROUP_CONTEXTS = {
    "group": N_("feedback.prompt.group_context"),
    "session": N_("feedback.prompt.session_context"),
}
