"""The words for each of the mentoring programme's choices and states, by catalogue key.

Every key is written out (marked with `N_`) so that a tool can extract it: a key is never built
from a value, and a new choice without words fails at import, not in front of a person.
"""

from __future__ import annotations

from bot.domain.mentoring_match import MeetingMode, MentoringRole
from bot.domain.mentoring_programme import CheckInAnswer, Frequency, WaitingReason
from bot.i18n import N_

ROLES = {
    MentoringRole.WANT_MENTOR: N_("mentoring.role.want_mentor"),
    MentoringRole.CAN_MENTOR: N_("mentoring.role.can_mentor"),
    MentoringRole.PEER: N_("mentoring.role.peer"),
}
ROLE_HINTS = {
    MentoringRole.WANT_MENTOR: N_("mentoring.role.want_mentor_hint"),
    MentoringRole.CAN_MENTOR: N_("mentoring.role.can_mentor_hint"),
    MentoringRole.PEER: N_("mentoring.role.peer_hint"),
}
# How a member is shown in a group's list, by the role they signed up with
GROUP_ROLES = {
    MentoringRole.WANT_MENTOR.value: N_("mentoring.groups.role.want_mentor"),
    MentoringRole.CAN_MENTOR.value: N_("mentoring.groups.role.can_mentor"),
    MentoringRole.PEER.value: N_("mentoring.groups.role.peer"),
}
MODES = {
    MeetingMode.IN_PERSON: N_("mentoring.mode.in_person"),
    MeetingMode.ONLINE: N_("mentoring.mode.online"),
    MeetingMode.EITHER: N_("mentoring.mode.either"),
}
FREQUENCIES = {
    Frequency.WEEKLY: N_("mentoring.frequency.weekly"),
    Frequency.FORTNIGHTLY: N_("mentoring.frequency.fortnightly"),
    Frequency.MONTHLY: N_("mentoring.frequency.monthly"),
}
# A check-in's buttons, and what the message says once one is pressed (MET has its own words)
CHECKIN_BUTTONS = {
    CheckInAnswer.MET: N_("mentoring.checkin.met"),
    CheckInAnswer.NOT_YET: N_("mentoring.checkin.not_yet"),
    CheckInAnswer.STOPPED: N_("mentoring.checkin.stopped"),
}
CHECKIN_RECORDED = {
    CheckInAnswer.NOT_YET: N_("mentoring.checkin.recorded.not_yet"),
    CheckInAnswer.STOPPED: N_("mentoring.checkin.recorded.stopped"),
}
# Why someone is not in a group: to organisers, and to the person on their Home tab
WAITING_REASONS = {
    WaitingReason.NEW: N_("mentoring.waiting.reason.new"),
    WaitingReason.PAUSED: N_("mentoring.waiting.reason.paused"),
    WaitingReason.INACTIVE: N_("mentoring.waiting.reason.inactive"),
    WaitingReason.TOO_FEW: N_("mentoring.waiting.reason.too_few"),
    WaitingReason.NO_ROOM: N_("mentoring.waiting.reason.no_room"),
    WaitingReason.RETURNED: N_("mentoring.waiting.reason.returned"),
}
WAITING_STATUS = {
    WaitingReason.NEW: N_("mentoring.status.waiting.new"),
    WaitingReason.PAUSED: N_("mentoring.status.waiting.paused"),
    WaitingReason.INACTIVE: N_("mentoring.status.waiting.inactive"),
    WaitingReason.TOO_FEW: N_("mentoring.status.waiting.too_few"),
    WaitingReason.NO_ROOM: N_("mentoring.status.waiting.no_room"),
    WaitingReason.RETURNED: N_("mentoring.status.waiting.returned"),
}
