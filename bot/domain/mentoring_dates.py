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

And the same in Welsh, whatever language the person chose (`/mentoring saib tan 3 Ionawr`):

- "yfory" (tomorrow), "heddiw" (today); "y", "yr" (the) and "o" (of) are let by;
- a weekday as CLDR writes it, "dydd Gwener", or after "tan" (until) in its soft mutation,
  "ddydd Gwener"; its short forms, "Gwener" or "Gwen", except "Mawrth" and "Maw", which are
  March as much as Tuesday (Tuesday is "dydd Mawrth"; "Maw 3 Tach" is Tuesday 3 November);
  "dydd Gwener nesaf" (next Friday);
- a day and a month, CLDR's wide or abbreviated names, "3 Ionawr", "3ydd Ion", "3 Ionawr
  2027", "y 3ydd o Ionawr", and "Dydd Sul, 3 Ionawr 2027" as the app writes a date in Welsh.
  Month names are read unmutated: in a date they follow the day's number, which leaves them be.

A date without a year is the next such date, today or later. Anything else, and dates that
do not exist ("31 February"), raise InvalidInputError with `mentoring.errors.pause_date_
unreadable`. Pure: `today` is the person's own day, worked out by the caller in their zone.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from babel.dates import get_day_names, get_month_names

from bot.domain.errors import InvalidInputError

UNREADABLE = "mentoring.errors.pause_date_unreadable"
YEARS_AHEAD = 8  # how far a date without a year is looked for (29 February recurs in 8)
UNTIL_WORDS = frozenset({"until", "tan"})  # before the date, "pause until …", "saib tan …"

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

# Welsh, from CLDR: "dydd" (day) starts a weekday's name, "ddydd" after "tan" (until)
WELSH_DAY = "dydd"
_WELSH_DAY_FORMS = frozenset({"dydd", "ddydd"})
_CLDR_FORMS: list[tuple[Literal["wide", "abbreviated"], Literal["format", "stand-alone"]]] = [
    (width, context) for width in ("wide", "abbreviated") for context in ("format", "stand-alone")
]
WELSH_MONTHS = {
    str(name).casefold(): number
    for width, context in _CLDR_FORMS
    for number, name in get_month_names(width, context, locale="cy").items()
}
WELSH_WEEKDAYS: dict[str, int] = {}
_MONTH_OR_WEEKDAY: set[str] = set()  # "Mawrth", "Maw": March, or Tuesday before a date
for _width, _context in _CLDR_FORMS:
    for _number, _name in get_day_names(_width, _context, locale="cy").items():
        _short = str(_name).casefold().removeprefix(f"{WELSH_DAY} ")
        if _width == "wide":
            WELSH_WEEKDAYS[f"{WELSH_DAY} {_short}"] = _number
        if _short in WELSH_MONTHS:
            _MONTH_OR_WEEKDAY.add(_short)
        else:
            WELSH_WEEKDAYS[_short] = _number
MONTHS.update(WELSH_MONTHS)
WEEKDAYS.update(WELSH_WEEKDAYS)
TOMORROW = frozenset({"tomorrow", "yfory"})
TODAY = frozenset({"today", "heddiw"})
NEXT_BEFORE = frozenset({"next"})  # "next Friday"
NEXT_AFTER = frozenset({"nesaf", "nesa"})  # "dydd Gwener nesaf"

_FILLER = frozenset({"the", "of", "on", "y", "yr", "o"})
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)?$")
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
    """The words that matter, folded; a Welsh weekday, "dydd Llun", is one of them."""
    tidy = text.casefold().replace(",", " ")
    words = [word.rstrip(".") or word for word in tidy.split() if word not in _FILLER]
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] in _WELSH_DAY_FORMS:
            joined[-1] = f"{WELSH_DAY} {word}"
        else:
            joined.append(word)
    return joined


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


def _relative(words: list[str], today: date) -> date | None:
    """Tomorrow, today, a weekday, "next Friday" or "dydd Gwener nesaf"; else None."""
    if len(words) == 1 and words[0] in TOMORROW:
        return today + timedelta(days=1)
    if len(words) == 1 and words[0] in TODAY:
        return today
    if len(words) == 2 and words[0] in NEXT_BEFORE:
        words = words[1:]
    elif len(words) == 2 and words[1] in NEXT_AFTER:
        words = words[:1]
    if len(words) == 1 and words[0] in WEEKDAYS:
        return _weekday_after(WEEKDAYS[words[0]], today)
    return None


def _date(words: list[str], today: date) -> date | None:
    if len(words) == 1:
        return _numbers(words[0], today)
    return _day_and_month(words, today)


def read_day(text: str, *, today: date) -> date:
    """The day `text` names (see the module's docstring); InvalidInputError if none."""
    words = _words(text)
    found = _relative(words, today)
    if found is None and len(words) > 1 and (words[0] in WEEKDAYS or words[0] in _MONTH_OR_WEEKDAY):
        # "Friday 31 January 2027", "Maw 3 Tach 2026": the date says it all
        found = _date(words[1:], today)
    if found is None:
        found = _date(words, today)  # "Mawrth 3": March
    if found is None:
        raise _unreadable()
    return found
