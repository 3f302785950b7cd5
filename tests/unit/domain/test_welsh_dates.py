"""Reading the day after `/mentoring saib tan`, typed in Welsh as people write it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import get_day_names, get_month_names
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInputError
from bot.domain.mentoring_dates import MONTHS, UNREADABLE, WEEKDAYS, read_day
from bot.domain.mentoring_programme import pause_until
from bot.i18n import WELSH, long_date, use_language

MONDAY = date(2026, 11, 2)
CLDR_FORMS = [(w, c) for w in ("wide", "abbreviated") for c in ("format", "stand-alone")]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("yfory", date(2026, 11, 3)),
        ("Yfory", date(2026, 11, 3)),
        ("heddiw", MONDAY),  # the caller then says it is not in the future
        ("dydd Gwener", date(2026, 11, 6)),
        ("ddydd Gwener", date(2026, 11, 6)),  # after "tan", "dydd" softens to "ddydd"
        ("Ddydd Gwener", date(2026, 11, 6)),
        ("Gwener", date(2026, 11, 6)),
        ("Gwen", date(2026, 11, 6)),
        ("dydd Llun", date(2026, 11, 9)),  # today is a Monday: a week today
        ("dydd Mawrth", date(2026, 11, 3)),
        ("dydd Mercher nesaf", date(2026, 11, 4)),
        ("ddydd Llun nesa", date(2026, 11, 9)),
        ("3 Ionawr", date(2027, 1, 3)),
        ("3 Ion", date(2027, 1, 3)),
        ("3 Ion.", date(2027, 1, 3)),
        ("3ydd Ionawr", date(2027, 1, 3)),
        ("y 3ydd o Ionawr", date(2027, 1, 3)),
        ("3 Ionawr 2027", date(2027, 1, 3)),
        ("3 Ionawr, 2028", date(2028, 1, 3)),
        ("1af Mawrth", date(2027, 3, 1)),  # "Mawrth" after a day is March
        ("Mawrth 1", date(2027, 3, 1)),
        ("2il Chwef", date(2027, 2, 2)),
        ("22ain Tach", date(2026, 11, 22)),
        ("31ain Rhagfyr", date(2026, 12, 31)),
        ("11eg Gorff 2027", date(2027, 7, 11)),
        ("Dydd Sul, 3 Ionawr 2027", date(2027, 1, 3)),
        ("Maw 3 Tach 2026", date(2026, 11, 3)),  # a short date: "Maw" is Tuesday here
        ("dydd Iau 5 Tachwedd", date(2026, 11, 5)),
    ],
)
def test_welsh_days_are_read(typed: str, expected: date):
    assert read_day(typed, today=MONDAY) == expected


@pytest.mark.parametrize(("width", "context"), CLDR_FORMS)
def test_every_welsh_month_name_cldr_writes_is_read(width: str, context: str):
    for number, name in get_month_names(width, context, locale="cy").items():
        assert read_day(f"15 {name}", today=MONDAY).month == number, name
        assert read_day(f"15 {name} 2027", today=MONDAY) == date(2027, number, 15), name


def test_every_welsh_weekday_is_read_with_dydd_and_softened_after_tan():
    for number, name in get_day_names("wide", locale="cy").items():
        for typed in (name, f"d{name}", name.upper(), f"{name} nesaf"):
            found = read_day(typed, today=MONDAY)
            assert found.weekday() == number, typed
            assert MONDAY < found <= MONDAY + timedelta(days=7), typed


@given(st.dates(min_value=date(2026, 11, 3), max_value=date(2027, 11, 1)))
def test_the_apps_own_welsh_dates_read_back_as_the_same_day(day: date):
    with use_language(WELSH):
        written, short = long_date(day), long_date(day, short=True)
    assert read_day(written, today=MONDAY) == day
    assert read_day(short, today=MONDAY) == day


@pytest.mark.parametrize(
    "typed",
    [
        "Mawrth",  # March or Tuesday: without a day it is neither
        "Maw",
        "dydd",
        "ddydd Ionawr",
        "nesaf",
        "dydd Sadwrn nesaf nesaf",
        "31 Chwefror",
        "3 Fawrth",  # a month is read unmutated: after a day's number it stays "Mawrth"
        "tan",  # the command reads "tan" off first; on its own it is no day
    ],
)
def test_welsh_words_that_name_no_single_day_are_refused(typed: str):
    with pytest.raises(InvalidInputError) as raised:
        read_day(typed, today=MONDAY)
    assert raised.value.fields == {"date": UNREADABLE}


def test_no_name_is_both_a_month_and_a_weekday_in_either_language():
    assert set(MONTHS) & set(WEEKDAYS) == set()


NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
LONDON = NOW.astimezone(ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("welsh", "english"),
    [
        ("tan 3 Ionawr", "until 3 January"),
        ("Tan 3ydd Ion 2027", "until 3rd Jan 2027"),
        ("tan ddydd Gwener", "until Friday"),
        ("tan yfory", "until tomorrow"),
        ("3 Ionawr", "3 January"),
        ("tan", "until"),  # no date: paused until they resume
        ("", ""),
    ],
)
def test_saib_tan_pauses_like_pause_until(welsh: str, english: str):
    assert pause_until(welsh, now=NOW, today=LONDON) == pause_until(english, now=NOW, today=LONDON)


def test_a_welsh_date_in_the_past_or_too_far_is_refused_like_an_english_one():
    with pytest.raises(InvalidInputError) as past:
        pause_until("tan heddiw", now=NOW, today=LONDON)
    assert past.value.fields == {"date": "mentoring.errors.pause_date_past"}
    with pytest.raises(InvalidInputError) as far:
        pause_until("tan 3 Ionawr 2028", now=NOW, today=LONDON)
    assert far.value.fields == {"date": "mentoring.errors.pause_date_far"}
