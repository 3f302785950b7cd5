"""`python -m bot import-profiles`, end to end: a row typing more topics than a profile keeps
is rejected saying why, not saved with the extra topics silently dropped."""

from __future__ import annotations

from tests.test_cli import ALEX, HEADER, cli, fake, saved, write_csv  # noqa: F401 - fixtures


def test_a_row_with_more_than_ten_topics_is_rejected_saying_why(cli, engine, tmp_path):  # noqa: F811
    eleven = ", ".join(f"topic {n}" for n in range(1, 12))
    path = write_csv(tmp_path, HEADER, f'{ALEX},,Leeds,Home Office,Analyst,,"{eleven}",,')

    result = cli("import-profiles", str(path))

    assert "row 2: rejected" in result.out, result
    assert "can help with has more than 10 topics" in result.out
    assert "0 saved, 1 rejected." in result.out
    assert ALEX not in saved(engine)


def test_a_row_with_ten_topics_and_repeats_keeps_each_once(cli, engine, tmp_path):  # noqa: F811
    ten = ", ".join(f"topic {n}" for n in range(1, 11))
    path = write_csv(tmp_path, HEADER, f'{ALEX},,Leeds,Home Office,Analyst,,"{ten}, TOPIC 3",,')

    result = cli("import-profiles", str(path))

    assert "1 saved, 0 rejected." in result.out, result
    assert len(saved(engine)[ALEX].can_help) == 10
