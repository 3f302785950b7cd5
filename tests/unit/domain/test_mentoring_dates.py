"""Reading the day after `/mentoring pause until`, as people type it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInputError
from bot.domain.mentoring_dates import UNREADABLE, read_day
from bot.domain.mentoring_programme import pause_until

MONDAY = date(2026, 11, 2)
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tomorrow", date(2026, 11, 3)),
        ("Tomorrow", date(2026, 11, 3)),
        ("today", MONDAY),
        ("friday", date(2026, 11, 6)),
        ("Fri", date(2026, 11, 6)),
        ("next Friday", date(2026, 11, 6)),
        ("next monday", date(2026, 11, 9)),  # today is a Monday: a week today
        ("monday", date(2026, 11, 9)),
        ("thurs", date(2026, 11, 5)),
        ("31 Jan", date(2027, 1, 31)),
        ("31 January", date(2027, 1, 31)),
        ("31st Jan", date(2027, 1, 31)),
        ("the 31st of January", date(2027, 1, 31)),
        ("Jan 31", date(2027, 1, 31)),
        ("January 31st", date(2027, 1, 31)),
        ("Jan. 31", date(2027, 1, 31)),
        ("31 Jan 2027", date(2027, 1, 31)),
        ("31 January, 2027", date(2027, 1, 31)),
        ("Jan 31 2027", date(2027, 1, 31)),
        ("January 31st, 2027", date(2027, 1, 31)),
        ("Sunday 31 January 2027", date(2027, 1, 31)),  # as the app itself writes a date
        ("2 Nov", MONDAY),  # today, still: the caller says it is not in the future
        ("1 Nov", date(2027, 11, 1)),  # without a year: the next one
        ("5 Dec", date(2026, 12, 5)),
        ("3 sept", date(2027, 9, 3)),
        ("2027-01-31", date(2027, 1, 31)),
        ("2027/1/31", date(2027, 1, 31)),
        ("31/01/2027", date(2027, 1, 31)),
        ("04/12/2026", date(2026, 12, 4)),  # UK order: 4 December
        ("4-12-2026", date(2026, 12, 4)),
        ("31.01.27", date(2027, 1, 31)),
        ("04/12", date(2026, 12, 4)),
        ("29 Feb", date(2028, 2, 29)),
    ],
)
def test_common_shapes_are_read(typed: str, expected: date):
    assert read_day(typed, today=MONDAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "someday",
        "31 Febtember",
        "32 Jan",
        "31 Feb 2027",
        "30/02/2027",
        "13/13",
        "2027-13-01",
        "next",
        "next week",
        "next <!here> tuesday",
        "Jan",
        "31",
        "31 Jan 2027 2028",
        "friday fortnight",
    ],
)
def test_anything_else_is_unreadable(typed: str):
    with pytest.raises(InvalidInputError) as raised:
        read_day(typed, today=MONDAY)
    assert raised.value.fields == {"date": UNREADABLE}


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(today=days, offset=st.integers(min_value=0, max_value=364))
def test_a_day_and_month_without_a_year_is_the_next_such_day(today: date, offset: int):
    wanted = today + timedelta(days=offset)
    if (wanted.month, wanted.day) == (2, 29):
        return  # the next 29 February may be years away
    for typed in (
        f"{wanted.day} {MONTH_NAMES[wanted.month - 1]}",
        f"{MONTH_NAMES[wanted.month - 1][:3]} {wanted.day}",
        f"{wanted.day:02d}/{wanted.month:02d}",
    ):
        assert read_day(typed, today=today) == wanted


@given(today=days, wanted=days)
def test_a_full_date_means_that_day_in_every_shape(today: date, wanted: date):
    month = MONTH_NAMES[wanted.month - 1]
    for typed in (
        wanted.isoformat(),
        f"{wanted.day:02d}/{wanted.month:02d}/{wanted.year}",
        f"{wanted.day} {month} {wanted.year}",
        f"{month[:3]} {wanted.day}, {wanted.year}",
    ):
        assert read_day(typed, today=today) == wanted


@given(today=days, weekday=st.integers(min_value=0, max_value=6), next_=st.booleans())
def test_a_weekday_is_the_first_such_day_after_today(today: date, weekday: int, next_: bool):
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    found = read_day(f"next {name}" if next_ else name, today=today)
    assert found.weekday() == weekday
    assert today < found <= today + timedelta(days=7)


@given(text=st.text(max_size=40))
def test_any_text_is_read_or_refused_politely(text: str):
    try:
        found = read_day(text, today=MONDAY)
    except InvalidInputError as error:
        found = error.fields.get("date")
    assert isinstance(found, date) or found == UNREADABLE


def test_the_pause_starts_that_day_in_my_zone_and_past_days_are_refused():
    auckland = ZoneInfo("Pacific/Auckland")
    now = datetime(2026, 11, 2, 9, 30, tzinfo=ZoneInfo("UTC"))
    start = pause_until("until tomorrow", now=now, today=now.astimezone(auckland))
    assert start == datetime(2026, 11, 3, tzinfo=auckland)
    for typed in ("today", "until 2 Nov", "2026-10-01"):
        with pytest.raises(InvalidInputError) as raised:
            pause_until(typed, now=now, today=now.astimezone(auckland))
        assert raised.value.fields == {"date": "mentoring.errors.pause_date_past"}
