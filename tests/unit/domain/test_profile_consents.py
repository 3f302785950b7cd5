"""The two consents a profile holds: shown to the others going to the same events (on unless
unticked) and named in the region's weekly digest on joining (off unless ticked); a draft
that does not say (an import row, a form from before the boxes) keeps what was chosen."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain.people import ProfileDraft, profile_from_draft, tidy_draft

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DRAFT = ProfileDraft(place_id=1, organisation="Home Office", job_title="Analyst")


def test_a_new_profile_is_listed_to_attendees_and_not_announced():
    made = profile_from_draft("T1", "U1", tidy_draft(DRAFT), now=NOW, existing=None)
    assert made.listed_to_attendees is True
    assert made.announce_in_digest is False


def test_the_form_choices_are_kept():
    draft = replace(DRAFT, listed_to_attendees=False, announce_in_digest=True)
    made = profile_from_draft("T1", "U1", tidy_draft(draft), now=NOW, existing=None)
    assert (made.listed_to_attendees, made.announce_in_digest) == (False, True)


def test_a_draft_that_does_not_say_keeps_what_was_chosen_before():
    chosen = replace(DRAFT, listed_to_attendees=False, announce_in_digest=True)
    before = profile_from_draft("T1", "U1", chosen, now=NOW, existing=None)
    later = profile_from_draft("T1", "U1", DRAFT, now=NOW + timedelta(days=1), existing=before)
    assert (later.listed_to_attendees, later.announce_in_digest) == (False, True)
    undone = replace(DRAFT, listed_to_attendees=True, announce_in_digest=False)
    again = profile_from_draft("T1", "U1", undone, now=NOW + timedelta(days=2), existing=later)
    assert (again.listed_to_attendees, again.announce_in_digest) == (True, False)
