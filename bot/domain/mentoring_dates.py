"""Reading the day someone types after `/mentoring pause until`, as people write it.

`read_day(text, today=...)` understands, in any letter case and with or without commas, "the"
and "of":

- "tomorrow" (and "today", which is then refused as not in the future by the caller);
- a weekday, "friday" or "fri", and "next friday": the first such day after today (a week
  today when today is that day);
- a day and a month, either way round, with or without a year: "31 Jan", "31st January",
  "the 31st of January 2027", "Jan 31", "January 31st, 2027";
- ISO dates, "2027-01-31" (or with slashes);
- numbers in the UK order, day first: "31/01/2027", "31-01-2027", "31.01.27", "31/01".

A date without a year is the next such date, today or later. Anything else, and dates that
do not exist ("31 February"), raise InvalidInputError with `mentoring.errors.pause_date_
unreadable`. Pure: `today` is the person's own day, worked out by the caller in their zone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.domain.errors import InvalidInputError

UNREADABLE = "mentoring.errors.pause_date_unreadable"
YEARS_AHEAD = 8  # how far a date without a year is looked for (29 February recurs in 8)

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
):
    WEEKDAYS[_name] = _number
    WEEKDAYS[_name[:3]] = _number
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_FILLER = frozenset({"the", "of", "on"})
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_YEAR = re.compile(r"^\d{4}$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")


def _unreadable() -> InvalidInputError:
    return InvalidInputError({"date": UNREADABLE})


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _unreadable() from None


def _next_occurrence(month: int, day: int, today: date) -> date:
    """The next `day` of `month`, today or later; unreadable if there is no such day."""
    for year in range(today.year, today.year + YEARS_AHEAD + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise _unreadable()


def _weekday_after(weekday: int, today: date) -> date:
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _words(text: str) -> list[str]:
    tidy = text.casefold().replace(",", " ")
    return [word.rstrip(".") or word for word in tidy.split() if word not in _FILLER]


def _numbers(word: str, today: date) -> date | None:
    if found := _ISO.match(word):
        return _day(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if found := _NUMERIC.match(word):
        day, month, year = int(found.group(1)), int(found.group(2)), found.group(3)
        if year is None:
            if not 1 <= month <= 12:
                raise _unreadable()
            return _next_occurrence(month, day, today)
        full = int(year) + (2000 if len(year) == 2 else 0)
        return _day(full, month, day)
    return None


def _day_and_month(words: list[str], today: date) -> date | None:
    """["31", "jan"], ["jan", "31st"], each with an optional year after them."""
    year: int | None = None
    if len(words) == 3 and _YEAR.match(words[2]):
        year = int(words[2])
        words = words[:2]
    if len(words) != 2:
        return None
    first, second = words
    if (day := _ORDINAL.match(first)) and second in MONTHS:
        number, month = int(day.group(1)), MONTHS[second]
    elif first in MONTHS and (day := _ORDINAL.match(second)):
        number, month = int(day.group(1)), MONTHS[first]
    else:
        return None
    if year is None:
        return _next_occurrence(month, number, today)
    return _day(year, month, number)


def read_day(text: str, *, today: date) -> date:
    """The day `text` names (see the module's docstring); InvalidInputError if none."""
    words = _words(text)
    if words and words[0] in WEEKDAYS and len(words) > 1:
        words = words[1:]  # "Friday 31 January 2027": the date says it all
    if not words:
        raise _unreadable()
    if words == ["tomorrow"]:
        return today + timedelta(days=1)
    if words == ["today"]:
        return today
    if len(words) == 2 and words[0] == "next" and words[1] in WEEKDAYS:
        return _weekday_after(WEEKDAYS[words[1]], today)
    if len(words) == 1 and words[0] in WEEKDAYS:
        return _weekday_after(WEEKDAYS[words[0]], today)
    if len(words) == 1 and (found := _numbers(words[0], today)) is not None:
        return found
    if (found := _day_and_month(words, today)) is not None:
        return found
    raise _unreadable()
