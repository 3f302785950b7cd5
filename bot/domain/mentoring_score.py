"""How good a grouping of mentoring candidates is: the objective the matcher minimises.

The objective
-------------
Hard constraints: every group's size is within the bounds, nobody is placed twice, and an odd
person joins a group (sizes differ by at most one) rather than being left out. Fewer than
`min_size` people form nothing: all of them are unplaced with `mentoring.unplaced.too_few`.

Among groupings that meet those, `score` ranks them lexicographically; lower is better and each
criterion matters only when the ones before it tie:

0. pairs of people who were grouped together in an earlier cycle (`past_pairs`): never repeat a
   pair when it can be avoided;
1. groups drawn from a single department, when a mix is possible;
2. groups with somebody who wants a mentor but no one who can mentor; minimising this count puts
   a mentor in every such group while mentors last;
3. region misfit of groups meeting in person: a group meets in person when any member asked to
   meet in person; it counts each member outside the group's most common region, and each member
   who asked to meet online only;
4. shared topics, counted as the number of times a topic is held by one more member of the group
   (a topic held by three members counts two), negated so that more sharing is lower;
5. the spread of grades where given: the number of distinct grades in a group beyond the first,
   negated likewise.

The tuple compares criterion by criterion, so no amount of a later criterion outweighs one unit
of an earlier one.

`Person` is a candidate as the objective reads them (small integers and bit sets), so that a
group's score costs a few additions; the search (`bot.domain.mentoring_search`) works on them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.mentoring_match import ZERO, MeetingMode, MentoringRole

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from bot.domain.mentoring_match import Candidate, Score

__all__ = [
    "Person",
    "add_scores",
    "group_score",
    "people_of",
    "score",
    "sub_scores",
    "sum_scores",
    "total_score",
]


@dataclass(slots=True, eq=False)
class Person:
    """A candidate with what the objective reads as small integers and bit sets."""

    candidate: Candidate
    index: int
    org: int
    region: int
    mentor: bool
    mentee: bool
    in_person: bool
    online: bool
    topics: int  # one bit per topic
    topic_count: int
    grade: int  # one bit for the grade, 0 when not given
    partners: frozenset[int]  # indexes of people grouped with this one in an earlier cycle


def people_of(
    candidates: Sequence[Candidate], past_pairs: Iterable[frozenset[str]]
) -> list[Person]:
    index: dict[str, int] = {}
    for c in candidates:
        index.setdefault(c.user_id, len(index))
    seen: defaultdict[int, set[int]] = defaultdict(set)
    for pair in past_pairs:
        if len(pair) == 2:
            a, b = (index.get(user) for user in pair)
            if a is not None and b is not None:
                seen[a].add(b)
                seen[b].add(a)
    orgs: dict[str, int] = {}
    regions: dict[str, int] = {}
    topics: dict[str, int] = {}
    grades: dict[int, int] = {}
    people = []
    for c in candidates:
        mask = 0
        for t in c.topics:
            mask |= 1 << topics.setdefault(t, len(topics))
        i = index[c.user_id]
        people.append(
            Person(
                candidate=c,
                index=i,
                org=orgs.setdefault(c.organisation, len(orgs)),
                region=regions.setdefault(c.region_code, len(regions)),
                mentor=c.role is MentoringRole.CAN_MENTOR,
                mentee=c.role is MentoringRole.WANT_MENTOR,
                in_person=c.mode is MeetingMode.IN_PERSON,
                online=c.mode is MeetingMode.ONLINE,
                topics=mask,
                topic_count=len(c.topics),
                grade=0
                if c.grade_rank is None
                else 1 << grades.setdefault(c.grade_rank, len(grades)),
                partners=frozenset(seen.get(i, ())),
            )
        )
    return people


def group_score(members: Sequence[Person]) -> Score:
    if not members:
        return ZERO
    repeats = 0
    org = members[0].org
    single_department = len(members) > 1
    mentor = mentee = in_person = False
    online = held = topics = grades = 0
    for i, p in enumerate(members):
        if p.partners:
            for q in members[i + 1 :]:
                if q.index in p.partners:
                    repeats += 1
        if p.org != org:
            single_department = False
        mentor = mentor or p.mentor
        mentee = mentee or p.mentee
        in_person = in_person or p.in_person
        online += p.online
        held += p.topic_count
        topics |= p.topics
        grades |= p.grade
    misfit = 0
    if in_person:
        regions: dict[int, int] = {}
        for p in members:
            regions[p.region] = regions.get(p.region, 0) + 1
        misfit = online + len(members) - max(regions.values())
    shared = held - topics.bit_count()  # each topic counts once more for every extra holder
    spread = max(grades.bit_count() - 1, 0)
    return (repeats, int(single_department), int(mentee and not mentor), misfit, -shared, -spread)


def add_scores(a: Score, b: Score) -> Score:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4], a[5] + b[5])


def sub_scores(a: Score, b: Score) -> Score:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3], a[4] - b[4], a[5] - b[5])


def sum_scores(scores: Iterable[Score]) -> Score:
    total = ZERO
    for s in scores:
        total = add_scores(total, s)
    return total


def total_score(groups: Iterable[Sequence[Person]]) -> Score:
    return sum_scores(group_score(members) for members in groups)


def score(
    groups: Iterable[Sequence[Candidate]], past_pairs: Iterable[frozenset[str]] = frozenset()
) -> Score:
    """The objective of a grouping (see the module docstring): compare tuples, lower is better."""
    listed = [list(members) for members in groups]
    people = iter(people_of([c for members in listed for c in members], past_pairs))
    return total_score([[next(people) for _ in members] for members in listed])
