"""What mentoring holds about a person, for /whoswho export."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.ports import UnitOfWork


def mentoring_export(uow: UnitOfWork, team_id: str, user_id: str) -> dict[str, object] | None:
    """What mentoring holds about the person (for /whoswho export), inside the caller's unit
    of work; None when nothing."""
    signup = uow.mentoring.get_signup(team_id, user_id)
    memberships = uow.mentoring.memberships_of(team_id, user_id)
    checkins = uow.mentoring.recent_checkins(team_id, user_id, limit=1000)
    if signup is None and not memberships and not checkins:
        return None
    data: dict[str, object] = {"signed_up": signup is not None}
    if signup is not None:
        choices = signup.choices
        data["sign_up"] = {
            "role": choices.role.value,
            "topics": list(choices.topics),
            "how_to_meet": choices.mode.value,
            "group_size": [choices.size_min, choices.size_max],
            "how_often": choices.frequency.value,
            "hopes": choices.hopes,
            "paused_since": signup.paused_at.isoformat() if signup.paused_at else None,
            "paused_until": signup.paused_until.isoformat() if signup.paused_until else None,
            "created_at": signup.created_at.isoformat(),
            "updated_at": signup.updated_at.isoformat(),
        }
    data["groups"] = [
        {
            "cycle": cycle.number,
            "cycle_started_at": cycle.started_at.isoformat(),
            "cycle_ends_at": (cycle.closed_at or cycle.ends_at).isoformat(),
            "members": [uid for uid in group.member_ids if uid != user_id],
            "meetings_confirmed": group.meetings,
        }
        for cycle, group in memberships
    ]
    data["check_ins"] = [
        {
            "asked_at": c.asked_at.isoformat(),
            "answer": c.answer.value if c.answer else None,
            "answered_at": c.answered_at.isoformat() if c.answered_at else None,
        }
        for c in reversed(checkins)
    ]
    return data
