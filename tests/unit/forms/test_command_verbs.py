"""The commands' verbs in Welsh: each reads as its English verb, and none hides a search."""

from __future__ import annotations

import pytest

from bot.domain.places import Gazetteer
from handlers.ui.verbs import (
    EVENT_VERBS,
    MENTORING_VERBS,
    SWITCH_WORDS,
    WHOSWHO_VERBS,
    switch,
    verb,
)

# The verbs each command branches on, in English
WHOSWHO_ENGLISH = {"me", "help", "forget", "export"}
MENTORING_ENGLISH = {"pause", "resume", "leave", "status", "me", "match", "close", "groups"}
EVENT_ENGLISH = {"list", "link", "unlink", "channels", "welcomes", "digest", "feedback"}
TABLES = [
    (WHOSWHO_VERBS, WHOSWHO_ENGLISH),
    (MENTORING_VERBS, MENTORING_ENGLISH),
    (EVENT_VERBS, EVENT_ENGLISH | {"language"}),
]


@pytest.mark.parametrize(
    ("typed", "table", "english"),
    [
        ("fi", WHOSWHO_VERBS, "me"),
        ("Fi", WHOSWHO_VERBS, "me"),
        ("CYMORTH", WHOSWHO_VERBS, "help"),
        ("anghofio", WHOSWHO_VERBS, "forget"),
        ("allforio", WHOSWHO_VERBS, "export"),
        ("saib", MENTORING_VERBS, "pause"),
        ("Ailddechrau", MENTORING_VERBS, "resume"),
        ("gadael", MENTORING_VERBS, "leave"),
        ("statws", MENTORING_VERBS, "status"),
        ("fi", MENTORING_VERBS, "me"),
        ("paru", MENTORING_VERBS, "match"),
        ("cau", MENTORING_VERBS, "close"),
        ("grwpiau", MENTORING_VERBS, "groups"),
        ("rhestr", EVENT_VERBS, "list"),
        ("crynodeb", EVENT_VERBS, "digest"),
        ("croesawu", EVENT_VERBS, "welcomes"),
        ("cysylltu", EVENT_VERBS, "link"),
        ("datgysylltu", EVENT_VERBS, "unlink"),
        ("sianeli", EVENT_VERBS, "channels"),
        ("adborth", EVENT_VERBS, "feedback"),
        ("iaith", EVENT_VERBS, "language"),
    ],
)
def test_a_welsh_verb_reads_as_its_english_one_in_any_case(typed, table, english):
    assert verb(typed, table) == english


@pytest.mark.parametrize("typed", ["me", "Pause", "LIST", "Leeds", "Caerdydd", "", "?"])
def test_other_words_pass_through_folded(typed: str):
    for table, _ in TABLES:
        assert verb(typed, table) == typed.casefold()


def test_the_welsh_verbs_of_another_command_are_not_read():
    assert verb("saib", WHOSWHO_VERBS) == "saib"  # /whoswho saib is a search
    assert verb("rhestr", MENTORING_VERBS) == "rhestr"


@pytest.mark.parametrize(("table", "english"), TABLES)
def test_every_welsh_verb_stands_for_a_verb_its_command_answers(table, english):
    assert set(table.values()) <= english | {"help"}
    assert not set(table) & english  # a Welsh form never shadows an English verb


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("on", "on"),
        ("OFF", "off"),
        ("ymlaen", "on"),
        ("Ymlaen", "on"),
        ("diffodd", "off"),
        ("i ffwrdd", "off"),
        ("I  Ffwrdd", "off"),  # spaces as typed
        ("maybe", "maybe"),
        ("", ""),
        ("i", "i"),
    ],
)
def test_on_and_off_in_either_language(typed: str, meant: str):
    assert switch(typed) == meant


def test_every_switch_word_means_on_or_off():
    assert set(SWITCH_WORDS.values()) == {"on", "off"}


@pytest.mark.parametrize("word", sorted(WHOSWHO_VERBS))
def test_no_welsh_verb_of_whoswho_is_a_place_people_search_for(gazetteer: Gazetteer, word: str):
    """`/whoswho fi` opens the profile form: were "fi" a place, its search would be lost."""
    for typed in (word, word.capitalize(), word.upper()):
        query = gazetteer.read_query(typed)
        assert query.kind == "unknown", (typed, query.kind)
        assert not query.corrected
        assert query.place is None
        assert query.region is None
        assert query.area is None
        assert query.postcode is None
    assert gazetteer.places_named(word) == ()
    assert gazetteer.areas_named(word) == ()
