"""SQLAlchemy 2 typed models, one module per aggregate. Every change here comes with an Alembic
migration.

Importing this package imports every model module, so that `Base.metadata` (what Alembic's
env.py and the test fixtures read) holds every table, and `from storage.models import X` finds
any model. The model modules leave out `from __future__ import annotations`: SQLAlchemy
reads their annotations at run time, and so, without it, do the linters.
"""

from storage.models.base import NAMING_CONVENTION, Base
from storage.models.events import AnnouncementRow, ChannelLinkRow, EventRow, RsvpRow
from storage.models.feedback import FeedbackOptOutRow, FeedbackPromptRow, FeedbackRoundRow
from storage.models.growth import WeeklySearchesRow
from storage.models.language import PersonLanguageRow
from storage.models.mentoring import (
    MENTORING_OPEN_CYCLE_SQL,
    MentoringCheckinRow,
    MentoringCycleRow,
    MentoringGroupRow,
    MentoringMatchLockRow,
    MentoringMemberRow,
    MentoringSignupRow,
)
from storage.models.outbox import OUTBOX_UNFINISHED_SQL, OutboxPersonRow, OutboxRow
from storage.models.people import (
    ProfilePlaceCountRow,
    ProfileRow,
    ProfileTermRow,
    SearchTermRow,
)
from storage.models.slack import (
    SlackBotRow,
    SlackDeliveryRow,
    SlackInstallationRow,
    SlackOAuthStateRow,
    SlackTokenLockRow,
    SlackWorkspaceRow,
)
from storage.models.speed_connect import SpeedConnectGroupRow, SpeedConnectMemberRow
from storage.models.welcomes import WelcomeRow

__all__ = [
    "MENTORING_OPEN_CYCLE_SQL",
    "NAMING_CONVENTION",
    "OUTBOX_UNFINISHED_SQL",
    "AnnouncementRow",
    "Base",
    "ChannelLinkRow",
    "EventRow",
    "FeedbackOptOutRow",
    "FeedbackPromptRow",
    "FeedbackRoundRow",
    "MentoringCheckinRow",
    "MentoringCycleRow",
    "MentoringGroupRow",
    "MentoringMatchLockRow",
    "MentoringMemberRow",
    "MentoringSignupRow",
    "OutboxPersonRow",
    "OutboxRow",
    "PersonLanguageRow",
    "ProfilePlaceCountRow",
    "ProfileRow",
    "ProfileTermRow",
    "RsvpRow",
    "SearchTermRow",
    "SlackBotRow",
    "SlackDeliveryRow",
    "SlackInstallationRow",
    "SlackOAuthStateRow",
    "SlackTokenLockRow",
    "SlackWorkspaceRow",
    "SpeedConnectGroupRow",
    "SpeedConnectMemberRow",
    "WeeklySearchesRow",
    "WelcomeRow",
]
