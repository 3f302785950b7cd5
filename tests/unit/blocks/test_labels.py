"""Every choice a person can see has words: the tables that name each value's catalogue key
cover every value of their kind, so a new choice without words fails here, not in a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from bot.domain.events import EventMode, RsvpStatus
from bot.domain.feedback import Agreement, FollowUpOutcome, Measure
from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import CheckInAnswer, Frequency, WaitingReason
from bot.domain.reference import OpenTo
from bot.i18n import t
from bot.oauth import failure_text
from handlers.events.blocks.form import MODES as EVENT_MODES
from handlers.events.blocks.home import STATUSES
from handlers.feedback.blocks import labels as feedback
from handlers.mentoring.blocks import labels as mentoring
from handlers.ui.labels import OPEN_TO

if TYPE_CHECKING:
    from collections.abc import Mapping
    from enum import Enum

TABLES: list[tuple[str, Mapping[Enum, str], type[Enum]]] = [
    ("open to", OPEN_TO, OpenTo),
    ("event modes", EVENT_MODES, EventMode),
    ("event statuses", STATUSES, RsvpStatus),
    ("measures", feedback.MEASURE_STATEMENTS, Measure),
    ("agreements", feedback.AGREEMENTS, Agreement),
    ("outcomes asked", feedback.OUTCOMES_ASKED, FollowUpOutcome),
    ("outcome choices", feedback.OUTCOME_CHOICES, FollowUpOutcome),
    ("outcomes done", feedback.OUTCOMES_DONE, FollowUpOutcome),
    ("outcomes counted", feedback.OUTCOMES_COUNTED, FollowUpOutcome),
    ("roles", mentoring.ROLES, MentoringRole),
    ("role hints", mentoring.ROLE_HINTS, MentoringRole),
    ("meeting modes", mentoring.MODES, MeetingMode),
    ("frequencies", mentoring.FREQUENCIES, Frequency),
    ("check-in buttons", mentoring.CHECKIN_BUTTONS, CheckInAnswer),
    ("waiting reasons", mentoring.WAITING_REASONS, WaitingReason),
    ("waiting status", mentoring.WAITING_STATUS, WaitingReason),
]


@pytest.mark.parametrize(("name", "table", "kind"), TABLES, ids=[row[0] for row in TABLES])
def test_every_value_has_words(name: str, table: Mapping[Enum, str], kind: type[Enum]) -> None:
    assert set(table) == set(kind), name
    texts = [t(key) for key in table.values()]
    assert all(texts)
    if name != "waiting status":  # new and returned people are both simply waiting
        assert len(set(texts)) == len(texts)  # no two choices read the same


def test_an_install_failure_slack_names_has_its_own_words_and_any_other_is_quoted() -> None:
    denied = failure_text("access_denied")
    assert "access_denied" not in denied
    assert "mystery_reason" in failure_text("mystery_reason")
