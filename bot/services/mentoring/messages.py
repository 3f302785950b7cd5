"""The outbox kinds mentoring schedules; the Slack edge renders each."""

from __future__ import annotations

INTRODUCTION = "mentoring.introduction"  # to the group's own conversation
CHECKIN = "mentoring.checkin"  # to one member, with one-click answers
THANKS = "mentoring.thanks"  # to the group's conversation when the cycle ends
