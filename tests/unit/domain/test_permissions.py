"""Who may organise and whose events they may manage: the one rule every feature uses."""

from __future__ import annotations

import pytest

from bot.domain.permissions import Organisers, Permissions

NAMED = "U0NAMED"
OTHER = "U0OTHER"
MEMBER = "U0MEMBER"


class AdminCheck:
    """An admin check that records whether it was asked (it is a call to Slack)."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked = 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.answer


def test_the_setting_names_people_or_everyone():
    assert Organisers.from_setting([NAMED, OTHER]) == Organisers(frozenset({NAMED, OTHER}))
    assert Organisers.from_setting(["*"]) == Organisers(frozenset(), everyone=True)
    assert Organisers.from_setting([NAMED, "*"]).everyone
    assert Organisers.from_setting([]) == Organisers()


@pytest.mark.parametrize(
    ("setting", "user", "admin", "may"),
    [
        ((), MEMBER, False, False),
        ((), MEMBER, True, True),
        ((NAMED,), NAMED, False, True),
        ((NAMED,), MEMBER, False, False),
        ((NAMED,), MEMBER, True, True),
        (("*",), MEMBER, False, True),
    ],
)
def test_organisers_are_the_named_everyone_for_a_star_and_admins(setting, user, admin, may):
    assert Organisers.from_setting(setting).may_organise(user, AdminCheck(admin)) is may


def test_slack_is_not_asked_when_the_setting_decides():
    named, star = AdminCheck(False), AdminCheck(False)
    assert Organisers.from_setting([NAMED]).may_organise(NAMED, named)
    assert Organisers.from_setting(["*"]).may_manage(NAMED, MEMBER, star)
    assert named.asked == star.asked == 0
    own = AdminCheck(False)
    assert Organisers.from_setting([]).may_manage(MEMBER, MEMBER, own)
    assert own.asked == 0


@pytest.mark.parametrize(
    ("setting", "user", "admin", "may"),
    [
        ((NAMED,), NAMED, False, True),  # their own event
        ((NAMED, OTHER), OTHER, False, False),  # named: organises, manages only their own
        ((NAMED,), MEMBER, False, False),
        ((NAMED,), MEMBER, True, True),  # admins manage every event
        (("*",), MEMBER, False, True),  # everyone trusted with everything
    ],
)
def test_an_event_is_managed_by_its_organiser_admins_or_everyone_for_a_star(
    setting, user, admin, may
):
    organisers = Organisers.from_setting(setting)
    assert organisers.may_manage(NAMED, user, AdminCheck(admin)) is may


def test_every_event_is_managed_by_admins_or_everyone_for_a_star_not_by_the_named():
    assert not Organisers.from_setting([NAMED]).may_manage_all(AdminCheck(False))
    assert Organisers.from_setting([NAMED]).may_manage_all(AdminCheck(True))
    assert Organisers.from_setting(["*"]).may_manage_all(AdminCheck(False))


def test_an_event_whose_organiser_was_erased_is_managed_by_admins_only():
    organisers = Organisers.from_setting([NAMED])
    assert not organisers.may_manage(None, NAMED, AdminCheck(False))
    assert organisers.may_manage(None, MEMBER, AdminCheck(True))


class Admins:
    def __init__(self, *admins: tuple[str, str]) -> None:
        self.admins = set(admins)
        self.asked: list[tuple[str, str]] = []

    def is_admin(self, team_id: str, user_id: str) -> bool:
        self.asked.append((team_id, user_id))
        return (team_id, user_id) in self.admins


def test_permissions_ask_the_directory_about_the_person_in_their_workspace():
    admins = Admins(("T1", MEMBER))
    permissions = Permissions(Organisers.from_setting([NAMED]), admins)

    assert permissions.may_organise("T1", MEMBER)
    assert not permissions.may_organise("T2", MEMBER)
    assert permissions.may_organise("T2", NAMED)
    assert permissions.may_manage("T1", MEMBER, NAMED)
    assert not permissions.may_manage("T1", OTHER, NAMED)
    assert permissions.may_manage_all("T1", MEMBER)
    assert not permissions.may_manage_all("T1", NAMED)
    assert ("T2", NAMED) not in admins.asked


@pytest.mark.parametrize(
    ("setting", "user", "admin", "may"),
    [
        ((NAMED,), OTHER, False, True),  # the event's own organiser
        ((NAMED,), NAMED, False, True),  # an organiser ORGANISERS names, of anyone's event
        (("*",), MEMBER, False, True),
        ((NAMED,), MEMBER, True, True),  # an admin
        ((NAMED,), MEMBER, False, False),
        ((), MEMBER, False, False),
    ],
)
def test_every_organiser_reads_every_events_feedback_and_nobody_else(setting, user, admin, may):
    organisers = Organisers.from_setting(setting)
    assert organisers.may_read_feedback(OTHER, user, AdminCheck(admin)) is may


def test_reading_feedback_does_not_let_a_named_organiser_change_anothers_event():
    organisers = Organisers.from_setting([NAMED])
    assert organisers.may_read_feedback(OTHER, NAMED, AdminCheck(False))
    assert not organisers.may_manage(OTHER, NAMED, AdminCheck(False))
