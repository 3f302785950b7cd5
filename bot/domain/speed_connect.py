"""Speed Connect: putting the attendees of an event who opted in into pairs (a trio when odd).

`form_speed_connect` uses the mentoring group-forming algorithm (`bot.domain.mentoring_search`
and `bot.domain.mentoring_refine`, scored by `bot.domain.mentoring_score`) with the sizes fixed
at two, and one group of three when the number of people is odd. Of that objective only two
criteria can differ here, in this order: pairs of people who met before (an earlier Speed
Connect group or a mentoring group, `past_pairs`) repeated when avoidable, then groups drawn
from a single department when a mix is possible. Everyone is either placed or listed in
`unplaced` with a catalogue key saying why: with one person, nobody else joined.

`suggested_question` picks the question for a group's introduction from a small list in the
catalogue, deterministically from the event and the group's number.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.mentoring import search_groups
from bot.domain.mentoring_match import Candidate, MeetingMode, MentoringRole, Score, Unplaced
from bot.domain.mentoring_score import people_of, total_score
from bot.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "QUESTION_KEYS",
    "UNPLACED_ALONE",
    "Attendee",
    "SpeedConnectResult",
    "form_speed_connect",
    "group_sizes",
    "pairs_of",
    "suggested_question",
]

UNPLACED_ALONE = N_("speed_connect.unplaced.alone")

# Catalogue keys of the suggested questions; the texts live in the catalogue.
QUESTION_KEYS: tuple[str, ...] = (
    N_("speed_connect.question.1"),
    N_("speed_connect.question.2"),
    N_("speed_connect.question.3"),
    N_("speed_connect.question.4"),
    N_("speed_connect.question.5"),
    N_("speed_connect.question.6"),
)

# Speed Connect runs during the scheduler's tick, so the refinement gets a smaller budget than a
# mentoring cycle's: pairs have few ways to be shared between two groups.
REFINE_BUDGET = 200_000


@dataclass(frozen=True, slots=True)
class Attendee:
    """Somebody who opted in to an event's Speed Connect."""

    user_id: str
    organisation: str


@dataclass(frozen=True, slots=True)
class SpeedConnectResult:
    groups: tuple[tuple[str, ...], ...]  # member ids, each group sorted, groups by first member
    unplaced: tuple[Unplaced, ...]
    score: Score


def group_sizes(count: int) -> list[int]:
    """Pairs, with one trio when the count is odd; nothing for fewer than two."""
    if count < 2:
        return []
    pairs, odd = divmod(count, 2)
    return [3] + [2] * (pairs - 1) if odd else [2] * pairs


def pairs_of(groups: Iterable[Sequence[str]]) -> frozenset[frozenset[str]]:
    """Every pair of people who were in a group together, for the next round's history."""
    return frozenset(
        frozenset((a, b))
        for members in groups
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    )


def form_speed_connect(
    attendees: Sequence[Attendee],
    *,
    past_pairs: frozenset[frozenset[str]] = frozenset(),
    seed: int = 0,
) -> SpeedConnectResult:
    """Pair everyone who opted in, across departments and avoiding earlier partners."""
    if len({a.user_id for a in attendees}) != len(attendees):
        raise ValueError("each attendee may appear once")
    if len(attendees) < 2:
        return SpeedConnectResult(
            groups=(),
            unplaced=tuple(Unplaced(a.user_id, UNPLACED_ALONE) for a in attendees),
            score=(0, 0, 0, 0, 0, 0),
        )
    candidates = [
        Candidate(
            user_id=a.user_id,
            organisation=a.organisation,
            region_code="",
            role=MentoringRole.PEER,
            mode=MeetingMode.ONLINE,
        )
        for a in attendees
    ]
    rng = random.Random(seed)  # noqa: S311 - reproducible, not secret
    people = people_of(candidates, past_pairs)
    rng.shuffle(people)
    sizes = group_sizes(len(people))
    groups = search_groups(people, sizes, rng, refine_budget=REFINE_BUDGET)
    ordered = sorted(
        (tuple(sorted(p.candidate.user_id for p in g)) for g in groups), key=lambda g: g[0]
    )
    return SpeedConnectResult(groups=tuple(ordered), unplaced=(), score=total_score(groups))


def suggested_question(event_id: int, group_number: int) -> str:
    """The catalogue key of a group's suggested question, the same every time it is asked."""
    digest = hashlib.sha256(f"{event_id}:{group_number}".encode()).digest()
    return QUESTION_KEYS[int.from_bytes(digest[:4], "big") % len(QUESTION_KEYS)]
