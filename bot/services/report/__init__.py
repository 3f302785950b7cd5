"""The impact report: what the programme achieved in a period, readable with no other tool.

It counts *quality interactions* — people attending events, mentoring groups formed, group
meetings confirmed, and feedback answers — and says how many crossed departments (an event
whose people came from more than one organisation, a group whose members did), how people
rated what they took part in against the programme's basket of measures, and how many
answered when asked. Everything can be broken down by region, organisation or month, and is
set against the programme's annual target, pro rata for the period.

Computing the figures stands apart from showing them:

- `service`: `ReportService.impact` reads the facts through the repository and hands them to
- `aggregate`: `build_report`, a pure function, adds them up into an `ImpactReport`;
- `table`, `csv_export` and `chart`: `as_table`, `as_csv` and `as_png` turn the result into
  what a programme manager reads (`wording` holds the words and numbers they share).

Rates over fewer than SMALL_SLICE answers are not shown, as in the organisers' summaries.
Dates are UTC days; `until` is included.
"""
