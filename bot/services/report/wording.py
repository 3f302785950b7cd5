"""The words and numbers every format of the impact report shares (it is read in a terminal,
a spreadsheet or as a picture)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bot.domain.feedback import Measure

if TYPE_CHECKING:
    from datetime import date

MEASURE_STATEMENTS: dict[Measure, str] = {
    Measure.LEARNED: "I learned something I will put into practice",
    Measure.DEVELOPED: "I developed personally or professionally",
    Measure.EQUIPPED: "I am better equipped with skills, tools or knowledge",
    Measure.PUBLIC_SECTOR: "I know more about the public sector where I work",
    Measure.MOBILITY: "I am more likely to move between departments or progress",
}
MEASURE_HEADINGS: dict[Measure, str] = {
    Measure.LEARNED: "Learned",
    Measure.DEVELOPED: "Developed",
    Measure.EQUIPPED: "Equipped",
    Measure.PUBLIC_SECTOR: "Public sector",
    Measure.MOBILITY: "Mobility",
}


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    if 0 < value < 0.005:
        return "<1%"
    return f"{value:.0%}"


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def rating(value: float | None) -> str:
    # Half up, as people round (4.25 is 4.3), not as binary floating point does.
    return "—" if value is None else f"{math.floor(value * 10 + 0.5) / 10:.1f}"
