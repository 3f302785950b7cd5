"""The matcher's searches for small instances, up to `REFINE_MAX_GROUPS` groups: a tabu search
on repeated pairs (`RepeatSearch`), then an iterated local search over every criterion
(`Refiner`). Step 5 of the algorithm in `bot.domain.mentoring`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.mentoring_match import ZERO
from bot.domain.mentoring_score import add_scores, group_score, sum_scores
from bot.domain.mentoring_search import best_split, splits

if TYPE_CHECKING:
    import random
    from collections.abc import Iterable

    from bot.domain.mentoring_match import Score
    from bot.domain.mentoring_score import Person

__all__ = ["REFINE_BUDGET", "REFINE_FULL_GROUPS", "REFINE_MAX_GROUPS", "Refiner", "RepeatSearch"]

REFINE_MAX_GROUPS = 40  # the iterated local search runs up to this many groups
REFINE_FULL_GROUPS = 8  # with its full budget up to this many
REFINE_BUDGET = 1_200_000  # looks at a way to share two groups' people, in all phases
PHASE_SHARE = 4  # a phase for one of criteria 1 to 3 may use this share of the budget (1/4)
REFINE_STALL = 900  # kicks in a row without a gain that end a phase, at most
STALL_PER_PAIR = 60  # and per pair of groups (fewer groups, fewer different kicks)
REFINE_PATIENCE = 400_000  # and looks since the last gain that do
KICK_SWAPS = (2, 3, 4)  # random swaps in a kick
FINAL_SPLITS = 100_000  # looks the final polish may always use
CACHE_LIMIT = 200_000  # group scores remembered by the local search before it forgets them
TABU_STEPS = 3_000  # steps of the search on repeats, at most
TABU_STALL = 1_000  # and steps without a gain
TABU_TENURE = 5  # a person may not return to a group for 5 to 9 steps


class RepeatSearch:
    """Tabu search on repeats alone (criterion 0); `run` leaves the fewest repeats it found.

    Only people in a repeated pair move: each step makes the best swap, or move between groups
    whose sizes differ by one, of such a person (ties broken at random), even a worsening one,
    except one that sends a person back to a group they recently left, unless it beats the best
    found. `conflicts[person][group]` counts the person's earlier partners in that group, so each
    candidate costs a few additions. The groups change only if repeats go down.
    """

    MOVE = -1  # in place of the other person's position: a move rather than a swap

    def __init__(self, groups: list[list[Person]], rng: random.Random) -> None:
        self.groups = groups
        self.rng = rng
        count = len(groups)
        self.conflicts = {p.index: [0] * count for g in groups for p in g}
        for g, members in enumerate(groups):
            for p in members:
                for q in p.partners:
                    if q in self.conflicts:
                        self.conflicts[q][g] += 1
        self.repeats = (
            sum(self.conflicts[p.index][g] for g, members in enumerate(groups) for p in members)
            // 2
        )
        self.tabu: dict[tuple[int, int], int] = {}  # (person, group): the step it may return

    def steps(self, a: int, i: int, b: int) -> list[tuple[int, int]]:
        """(change in repeats, position in b or MOVE) for each step of groups[a][i] to b."""
        members, others = self.groups[a], self.groups[b]
        x = members[i]
        cx = self.conflicts[x.index]
        base = cx[b] - cx[a]
        found = []
        for j, y in enumerate(others):
            cy = self.conflicts[y.index]
            found.append((base + cy[a] - cy[b] - 2 * (y.index in x.partners), j))
        if len(members) == len(others) + 1:
            found.append((base, self.MOVE))
        return found

    def choose(self, step: int, best: int) -> tuple[int, list[tuple[int, int, int, int]]]:
        low = len(self.conflicts) ** 2  # more than any change in repeats
        chosen: list[tuple[int, int, int, int]] = []
        for a, members in enumerate(self.groups):
            for i, x in enumerate(members):
                if not self.conflicts[x.index][a]:
                    continue
                for b, others in enumerate(self.groups):
                    if b == a:
                        continue
                    x_tabu = self.tabu.get((x.index, b), -1) > step
                    for delta, j in self.steps(a, i, b):
                        if delta > low:
                            continue
                        y_tabu = j != self.MOVE and self.tabu.get((others[j].index, a), -1) > step
                        if (x_tabu or y_tabu) and self.repeats + delta >= best:
                            continue
                        if delta < low:
                            low, chosen = delta, []
                        chosen.append((a, i, b, j))
        return low, chosen

    def make(self, step: int, a: int, i: int, b: int, j: int) -> None:
        x = self.groups[a][i]
        moved = [(x, a, b)]
        if j == self.MOVE:
            self.groups[b].append(self.groups[a].pop(i))
        else:
            y = self.groups[b][j]
            self.groups[a][i], self.groups[b][j] = y, x
            moved.append((y, b, a))
        for p, left, joined in moved:
            for q in p.partners:
                if q in self.conflicts:
                    self.conflicts[q][left] -= 1
                    self.conflicts[q][joined] += 1
            self.tabu[(p.index, left)] = step + TABU_TENURE + self.rng.randrange(TABU_TENURE)

    def run(self) -> None:
        best, best_groups, improved_at = self.repeats, [g.copy() for g in self.groups], 0
        for step in range(TABU_STEPS):
            if best == 0 or step - improved_at > TABU_STALL:
                break
            delta, chosen = self.choose(step, best)
            if not chosen:
                break
            self.make(step, *self.rng.choice(chosen))
            self.repeats += delta
            if self.repeats < best:
                best, best_groups, improved_at = self.repeats, [g.copy() for g in self.groups], step
        self.groups[:] = best_groups


class Refiner:
    """Iterated local search for small instances, keeping the best grouping it meets.

    Settling improves pairs of groups by the best swap or move between them until no pair
    improves; a kick swaps a few random people; the search restarts from the best grouping of
    the phase, also when a kick led somewhere only as good (so it wanders along plateaus), and
    stops when the budget of looks ends or many kicks in a row found nothing better. A phase
    compares only the first `depth` criteria.
    """

    def __init__(self, groups: list[list[Person]], rng: random.Random, budget: int) -> None:
        self.groups = groups
        self.scores = [group_score(g) for g in groups]
        self.rng = rng
        self.left = budget  # splits we may still look at
        self.depth = len(ZERO)
        self.cache: dict[int, Score] = {}
        self.best_total = sum_scores(self.scores)
        self.best = [g.copy() for g in groups]

    def settle(self, changed: Iterable[int], swaps_only: bool) -> None:
        """Improve every pair with a changed group until none improves (or the budget ends)."""
        count = len(self.groups)
        todo = {(min(a, b), max(a, b)) for a in changed for b in range(count) if a != b}
        while todo and self.left > 0:
            pairs = sorted(todo)
            self.rng.shuffle(pairs)
            todo = set()
            for a, b in pairs:
                if self.left <= 0:
                    break
                group_a, group_b = self.groups[a], self.groups[b]
                self.left -= len(
                    splits(len(group_a) + len(group_b), len(group_a), len(group_b), swaps_only)
                )
                if len(self.cache) > CACHE_LIMIT:
                    self.cache.clear()
                found = best_split(
                    group_a,
                    group_b,
                    add_scores(self.scores[a], self.scores[b]),
                    self.depth,
                    swaps_only,
                    self.cache,
                )
                todo.discard((a, b))
                if found is not None:
                    self.groups[a], self.groups[b], self.scores[a], self.scores[b] = found
                    todo |= {(min(g, o), max(g, o)) for g in (a, b) for o in range(count) if o != g}
                    todo.discard((a, b))
        total = sum_scores(self.scores)
        if total < self.best_total:
            self.best_total, self.best = total, [g.copy() for g in self.groups]

    def search(self, budget: int) -> None:
        """One phase: kick and settle from the phase's best until it stalls or the budget ends."""
        count = len(self.groups)
        stop = self.left - budget
        self.groups = [g.copy() for g in self.best]
        self.scores = [group_score(g) for g in self.groups]
        self.settle(range(count), swaps_only=True)
        here = sum_scores(self.scores)[: self.depth]
        here_groups, here_scores = [g.copy() for g in self.groups], self.scores.copy()
        gained_at, stalled = self.left, 0  # the budget left at the last gain, kicks since
        patience = min(REFINE_STALL, STALL_PER_PAIR * count * (count - 1) // 2)
        while self.left > stop and stalled < patience and gained_at - self.left < REFINE_PATIENCE:
            self.groups, self.scores = [g.copy() for g in here_groups], here_scores.copy()
            kicked: set[int] = set()
            troubled = [g for g in range(count) if self.scores[g][self.depth - 1] > 0]
            for _ in range(self.rng.choice(KICK_SWAPS)):
                a, b = self.rng.sample(range(count), 2)
                if self.depth <= 4 and troubled and self.rng.random() < 0.5:
                    a = self.rng.choice(troubled)
                    b = self.rng.randrange(count - 1)
                    b += b >= a
                group_a, group_b = self.groups[a], self.groups[b]
                i, j = self.rng.randrange(len(group_a)), self.rng.randrange(len(group_b))
                group_a[i], group_b[j] = group_b[j], group_a[i]
                self.scores[a], self.scores[b] = group_score(group_a), group_score(group_b)
                kicked |= {a, b}
            self.settle(kicked, swaps_only=True)
            total = sum_scores(self.scores)[: self.depth]
            stalled += 1
            if total < here:
                gained_at, stalled = self.left, 0
            if total <= here:
                here = total
                here_groups, here_scores = [g.copy() for g in self.groups], self.scores.copy()

    def run(self) -> list[list[Person]]:
        """Phases for criteria 1 to 3 while they are above 0, then all; then a last polish."""
        if len(self.groups) > 2:  # with two groups, the polish alone tries every grouping
            budget = self.left
            for k in range(1, 4):  # criterion 0, repeats, has had a search of its own
                if self.best_total[k] > 0:
                    self.depth = k + 1
                    self.search(budget // PHASE_SHARE)
            self.depth = len(ZERO)
            self.search(self.left)
        # Polish: every way to share each pair of groups' people, not only swaps and moves.
        self.groups = [g.copy() for g in self.best]
        self.scores = [group_score(g) for g in self.groups]
        self.left = max(self.left, FINAL_SPLITS)
        self.settle(range(len(self.groups)), swaps_only=False)
        return self.best
