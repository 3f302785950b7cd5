"""A notifier that records what it was asked to send, and can pretend Slack refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.people import Profile


@dataclass
class RecordingNotifier:
    deliver: bool = True
    nudges: list[Profile] = field(default_factory=list)
    hidden: list[Profile] = field(default_factory=list)

    def profile_nudge(self, profile: Profile) -> bool:
        self.nudges.append(profile)
        return self.deliver

    def profile_hidden_as_stale(self, profile: Profile) -> bool:
        self.hidden.append(profile)
        return self.deliver
