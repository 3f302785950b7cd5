"""Self-organised mentoring groups: sign-ups, matches, cycles, introductions and check-ins.

Every message this feature sends goes through the outbox, written in the same transaction as
the decision behind it: a group's introduction when it is formed, each member's check-in when
its round opens, the thank-you when the cycle ends, and notes to people left waiting or paused.

The use cases live beside this module: signing up (`signup`), matching rounds (`matching`),
ending cycles (`cycles`), check-ins and the scheduler's tick (`checkins`), the groups as shown
and the organisers' view (`groups`), and a person's export (`export`).
"""

from __future__ import annotations

from bot.services.mentoring.checkins import CheckIns
from bot.services.mentoring.groups import Groups
from bot.services.mentoring.matching import Matching
from bot.services.mentoring.signup import SignUps

__all__ = ["MentoringService"]


class MentoringService(SignUps, Matching, CheckIns, Groups):
    """Mentoring, every use case: what the container builds and the Slack edge calls."""
