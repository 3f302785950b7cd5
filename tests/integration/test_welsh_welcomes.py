"""The welcome someone gets on joining a linked channel, in the language they read: their own
choice when they made one, else the channel's (a channel linked to Wales is bilingual, Welsh
first). Through signed Events API deliveries over HTTP and the outbox, as Slack sends them."""

from __future__ import annotations

from tests.integration.conftest import ME, TEAM, World
from tests.integration.test_person_language import choose_on_home, home_tabs
from tests.integration.test_welcomes import (
    LEEDS_CHANNEL,
    as_admin,
    dms_to,
    joined_and_recorded,
    link,
    send_due,
)
from tests.support.welsh import english, said, welsh, words

WALES_CHANNEL = "C0CYMRU"
NEWCOMER = "U0NEWCY"


def intro(language: str, channel: str) -> str:
    return words(language, "welcome.intro", channel=f"<#{channel}>")


def the_welcome(world: World, user: str, channel: str) -> str:
    joined_and_recorded(world, user, channel)
    send_due(world)
    [dm] = dms_to(world, user)
    assert world.fake.violations == []
    return said(dm)


def test_a_newcomer_who_chose_no_language_is_welcomed_in_both_in_a_wales_channel(world: World):
    as_admin(world)
    link(world, WALES_CHANNEL, "Cardiff")
    world.fake.add_user(NEWCOMER, team_id=TEAM)
    shown = the_welcome(world, NEWCOMER, WALES_CHANNEL)
    cy = welsh("welcome.intro", channel=f"<#{WALES_CHANNEL}>")
    en = english("welcome.intro", channel=f"<#{WALES_CHANNEL}>")
    assert cy in shown
    assert en in shown
    assert shown.index(cy) < shown.index(en)  # Welsh first


def test_a_person_who_chose_english_is_welcomed_in_english_even_in_a_wales_channel(world: World):
    as_admin(world)
    link(world, WALES_CHANNEL, "Cardiff")
    choose_on_home(world, "en")
    home_tabs(world, 1)
    shown = the_welcome(world, ME, WALES_CHANNEL)
    assert intro("en", WALES_CHANNEL) in shown
    assert intro("cy", WALES_CHANNEL) not in shown


def test_a_person_who_chose_welsh_is_welcomed_in_welsh_in_an_english_channel(world: World):
    as_admin(world)
    link(world, LEEDS_CHANNEL, "Leeds")
    choose_on_home(world, "cy")
    home_tabs(world, 1)
    shown = the_welcome(world, ME, LEEDS_CHANNEL)
    assert intro("cy", LEEDS_CHANNEL) in shown
    assert intro("en", LEEDS_CHANNEL) not in shown
