"""The rate-limit gate: until when Slack asked to wait, per workspace and Web API method (see
handlers.slack.calls)."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


class RateLimitGate:
    """Until when Slack asked to wait, per (workspace, Web API method). Thread-safe."""

    MAX_ENTRIES = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def remaining(self, workspace: str, method: str) -> float:
        """Seconds left to wait before calling `method` (0: call now)."""
        with self._lock:
            until = self._until.get((workspace, method))
        if until is None:
            return 0.0
        return max(0.0, until - self._clock())

    def hold(self, workspace: str, method: str, seconds: float) -> None:
        """Slack asked to wait `seconds` before calling `method` again (a later wait wins)."""
        now = self._clock()
        until = now + max(0.0, seconds)
        with self._lock:
            key = (workspace, method)
            self._until[key] = max(until, self._until.get(key, 0.0))
            if len(self._until) > self.MAX_ENTRIES:
                self._until = {k: v for k, v in self._until.items() if v > now}
