"""`python -m bot import-profiles`, end to end: the `place` column is read as `/whoswho` reads a
place. Phrasing, qualifiers, short names and government sites name one town and are saved as
it; a county, council area, region or postcode names no single town and is refused saying so;
text that is no place at all is refused politely, never with an error."""

from __future__ import annotations

import csv

import pytest

from tests.test_cli import (  # noqa: F401 - fixtures
    ALEX,
    HEADER,
    cli,
    fake,
    place_id,
    saved,
    write_csv,
)


def import_place(cli, tmp_path, place: str):  # noqa: F811
    """Import one row for ALEX whose place is `place` (quoted as a spreadsheet would)."""
    path = tmp_path / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER.split(","))
        writer.writerow([ALEX, "", place, "Home Office", "Analyst", "", "", "", ""])
    return cli("import-profiles", str(path))


@pytest.mark.parametrize(
    ("typed", "town", "note"),
    [
        ("Leeds, West Yorkshire", "Leeds", None),
        ("in Leeds", "Leeds", None),
        ("Leeds city centre", "Leeds", None),
        ("Newport, Isle of Wight", "Newport, Isle of Wight", None),
        ("Brum", "Birmingham", None),
        ("Quarry House", "Leeds", "read as Leeds (Quarry House is there)"),
        ("Leedz", "Leeds", "read as Leeds, the closest name we know"),
    ],
)
def test_a_place_named_as_whoswho_reads_it_is_saved_as_its_town(
    cli,  # noqa: F811
    engine,
    gazetteer,
    tmp_path,
    typed,
    town,
    note,
):
    result = import_place(cli, tmp_path, typed)

    assert result.code == 0, result
    assert "1 saved, 0 rejected." in result.out
    expected = gazetteer.read_query(town).place
    assert expected is not None
    assert saved(engine)[ALEX].place_id == expected.id
    if note:
        assert f"row 2: note: place {typed!r} {note}" in result.out


def test_newport_isle_of_wight_is_not_the_welsh_newport(cli, engine, gazetteer, tmp_path):  # noqa: F811
    result = import_place(cli, tmp_path, "Newport, Isle of Wight")

    assert result.code == 0, result
    place = gazetteer.get(saved(engine)[ALEX].place_id)
    assert place is not None
    assert place.region_code == "TLJ"  # South East, not Wales
    assert place.id != place_id(gazetteer, "Newport, Wales")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("Kent", "names the area Kent (county), not a town: give the town you work in"),
        ("Greater Manchester", "names the area Greater Manchester (metropolitan county)"),
        ("Sir Benfro", "names the area Pembrokeshire (principal area), not a town"),
        ("South Wales", "names the area South Wales (informal), not a town"),
        ("Yorkshire", "names the region Yorkshire and The Humber, not a town"),
        ("LS1", "is a postcode, not a town: give the town you work in"),
        ("SW1A 2AA", "is a postcode, not a town"),
        ("ZZ9 9ZZ", "is not a UK town or city we know"),
        ("Paris", "is not in the UK"),
        ("Leeds data science", "is not a UK town or city we know (did you mean Leeds?)"),
        ("!!! ???", "is not a UK town or city we know"),
        ("😀🎉", "is not a UK town or city we know"),
        ("Leeds\x07\x1b[31m", "is not a UK town or city we know (did you mean Leeds?)"),
        ("\x07\x1b\x00", "is not a UK town or city we know"),
        ("x" * 5000, "is not a UK town or city we know"),
    ],
)
def test_words_that_name_no_single_town_are_refused_saying_why(
    cli,  # noqa: F811
    engine,
    tmp_path,
    typed,
    reason,
):
    result = import_place(cli, tmp_path, typed)

    assert result.code == 1, result
    [line] = [line for line in result.out.splitlines() if line.startswith("row 2:")]
    assert line.startswith("row 2: rejected: place ")
    assert reason in line
    assert "Traceback" not in result.out + result.err
    assert len(line) < 400  # what was typed is shortened, not repeated whole
    assert "\x1b" not in line  # a control character is shown escaped, never sent to a terminal
    assert saved(engine) == {}
