"""A dispatcher for service tests: answers what the test scripts, remembers what reached
"Slack", and (like the real one) finds an in-doubt message there instead of sending it again."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from dataclasses import dataclass, field

from bot.domain.outbox import Delivered, OutboxMessage, Outcome, RetryLater


@dataclass
class ScriptedDispatcher:
    methods: dict[str, str] = field(default_factory=dict)  # kind -> method
    script: dict[str, list[Outcome]] = field(default_factory=dict)  # key -> next outcomes
    # key -> how many times to post the message but lose Slack's answer (a 5xx after the post)
    lose_answers: Counter[str] = field(default_factory=Counter)
    attempts: list[OutboxMessage] = field(default_factory=list)
    in_slack: Counter[int] = field(default_factory=Counter)  # outbox id -> times posted
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def method_for(self, message: OutboxMessage) -> str:
        return self.methods.get(message.kind, "chat.postMessage")

    def answer(self, key: str, *outcomes: Outcome) -> None:
        self.script.setdefault(key, []).extend(outcomes)

    def deliver(self, message: OutboxMessage) -> Outcome:
        with self._lock:
            self.attempts.append(message)
            if message.in_doubt and self.in_slack[message.id]:
                return Delivered(f"D1:{message.id}", found=True)
            if self.lose_answers[message.key] > 0:
                self.lose_answers[message.key] -= 1
                self.in_slack[message.id] += 1
                return RetryLater("internal_error", "chat.postMessage", maybe_delivered=True)
            queue = self.script.get(message.key)
            outcome = queue.pop(0) if queue else Delivered(f"D1:{next(self._ts)}")
            if isinstance(outcome, Delivered):
                self.in_slack[message.id] += 1
            return outcome

    def tried(self, key: str) -> int:
        return sum(1 for message in self.attempts if message.key == key)
