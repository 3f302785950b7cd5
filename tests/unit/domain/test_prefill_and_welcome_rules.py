"""The profile form's prefill from Slack: the admin's field mapping, the one-place rule, and
what is taken from a Slack profile."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.domain.places import Gazetteer
from bot.domain.profile_prefill import (
    SlackProfileFacts,
    one_place,
    read_field_mapping,
    suggest_profile,
)
from bot.domain.welcomes import welcomable


def test_the_mapping_reads_each_field_once_whatever_the_spacing_and_case():
    assert read_field_mapping(" Organisation = Department ,place=Office   location,") == {
        "organisation": "Department",
        "place": "Office location",
    }
    assert read_field_mapping("organization=Agency") == {"organisation": "Agency"}
    assert read_field_mapping("") == {}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("team=Department", "not a profile field"),
        ("organisation", "has no '='"),
        ("place=", "needs the label"),
        ("place=" + "x" * 101, "needs the label"),
        ("place=Office,place=Base", "named twice"),
    ],
)
def test_a_wrong_mapping_says_what_is_wrong(text: str, says: str):
    with pytest.raises(ValueError, match=says):
        read_field_mapping(text)


def test_the_setting_refuses_a_wrong_mapping_with_an_example():
    with pytest.raises(ValidationError, match="organisation=Department"):
        Settings(
            _env_file=None,
            slack_bot_token="xoxb-1",
            slack_signing_secret="secret",
            slack_profile_fields="job=Title",
        )
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-1",
        slack_signing_secret="secret",
        slack_profile_fields="place=Office location",
    )
    assert settings.slack_profile_fields == {"place": "Office location"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Leeds", "Leeds"),
        ("London", "London"),
        ("Quarry House, Leeds", "Leeds"),
        ("Cardiff", "Cardiff"),
        ("Newport", None),  # several places of that name
        ("Yorkshire", None),  # a region
        ("Paris", None),  # abroad
        ("Europe/London", None),  # a time zone is no place
        ("Leeds and Bradford", None),  # more than a place
        ("Remote", None),
        ("", None),
    ],
)
def test_only_one_uk_place_is_taken(gazetteer: Gazetteer, text: str, name: str | None):
    place = one_place(gazetteer, text)
    assert (place.name if place else None) == name


def test_suggestion_matches_labels_without_regard_to_case(gazetteer: Gazetteer):
    facts = SlackProfileFacts(
        title="  Senior   analyst ",
        custom={"DEPARTMENT": "Home Office", "office location": "Leeds", "Pronouns": "she/her"},
    )
    suggestion = suggest_profile(
        facts, {"organisation": "Department", "place": "Office Location"}, gazetteer
    )
    assert suggestion.job_title == "Senior analyst"
    assert suggestion.organisation == "Home Office"
    assert suggestion.place_label.startswith("Leeds")
    assert suggestion.place_id is not None
    assert not suggestion.empty
    assert suggest_profile(SlackProfileFacts(), {}, gazetteer).empty


@pytest.mark.parametrize(
    ("user", "app", "bot", "expected"),
    [
        ("U012ABC", "U0BOT", False, True),
        ("W012ABC", None, False, True),
        ("U0BOT", "U0BOT", False, False),  # the app itself
        ("USLACKBOT", "U0BOT", False, False),
        ("U012ABC", "U0BOT", True, False),
        ("B012ABC", "U0BOT", False, False),
        ("", "U0BOT", False, False),
    ],
)
def test_who_may_be_welcomed(user: str, app: str | None, bot: bool, expected: bool):
    assert welcomable(user, app_user_id=app, is_bot=bot) is expected
