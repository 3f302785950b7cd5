"""`python -m bot report`, end to end: a one-day period reads "1 day", not "1 days"."""

from __future__ import annotations

from tests.test_cli_report import cli, seeded  # noqa: F401 - the fixtures


def test_a_one_day_period_reads_as_one_day(cli, seeded):  # noqa: F811
    run = cli("--since", "2026-03-03", "--until", "2026-03-03")
    assert run.code == 0, run.err
    assert "3 Mar 2026 to 3 Mar 2026 (1 day), all workspaces" in run.out
    assert "1 days" not in run.out


def test_a_longer_period_still_counts_its_days(cli, seeded):  # noqa: F811
    run = cli("--since", "2026-03-01", "--until", "2026-03-10")
    assert run.code == 0, run.err
    assert "(10 days)" in run.out
