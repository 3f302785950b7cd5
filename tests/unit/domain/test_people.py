from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInputError
from bot.domain.people import (
    MAX_JOB_TITLE,
    MAX_SEARCH_TEXT_BYTES,
    MAX_TOPIC,
    MAX_TOPICS,
    Profile,
    ProfileDraft,
    clean_text,
    normalise,
    parse_topics,
    tidy_draft,
    topic_stems,
)


def draft(**changes: object) -> ProfileDraft:
    values: dict[str, object] = {
        "place_id": 2644688,
        "organisation": "Department for Education",
        "job_title": "Data scientist",
    }
    values.update(changes)
    return ProfileDraft(**values)  # type: ignore[arg-type]


def test_topics_split_on_commas_and_semicolons_and_drop_duplicates():
    assert parse_topics("data, Policy; user research\n data ,, POLICY") == (
        "data",
        "Policy",
        "user research",
    )


def test_topics_are_bounded_in_number_and_length():
    topics = parse_topics(", ".join(f"topic {i} " + "x" * 80 for i in range(30)))
    assert len(topics) == MAX_TOPICS
    assert all(len(topic) <= MAX_TOPIC for topic in topics)


def test_clean_text_folds_space_drops_control_characters_and_cuts():
    assert clean_text("  a\tb\x00c\u202e  ", 10) == "a bc"
    cut = clean_text("x" * 500, MAX_JOB_TITLE)
    assert len(cut) == MAX_JOB_TITLE
    assert cut.endswith("…")


def test_normalise_ignores_case_and_accents():
    assert normalise("Gàidhlig  CYMRAEG") == "gaidhlig cymraeg"


def test_topic_stems_drop_plurals_and_stop_words():
    assert topic_stems(["Policies", "and", "analysts", "data"]) == ("polic", "analyst", "data")


def test_a_complete_draft_is_tidied():
    tidy = tidy_draft(draft(job_title="  Data   scientist ", languages=("Welsh (Cymraeg)",)))
    assert tidy.job_title == "Data scientist"
    assert tidy.languages == ("Welsh (Cymraeg)",)


def test_missing_required_fields_are_each_named():
    with pytest.raises(InvalidInputError) as caught:
        tidy_draft(draft(place_id=None, organisation=" ", job_title=""))
    assert set(caught.value.fields) == {"place", "organisation", "job_title"}


def test_values_outside_the_lists_are_refused():
    with pytest.raises(InvalidInputError) as caught:
        tidy_draft(
            draft(profession="Wizardry", grade="g99", languages=("Klingon",), open_to=("naps",))
        )
    assert set(caught.value.fields) == {"profession", "grade", "languages", "open_to"}


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Statistics", "Statistics"),
        ("statistics", "Statistics"),
        ("  STATISTICS ", "Statistics"),
        ("digital,  data and technology", "Digital, data and technology"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_profession_is_kept_as_the_list_spells_it_whatever_its_case(typed, kept):
    assert tidy_draft(draft(profession=typed)).profession == kept


@given(st.text(max_size=3000))
def test_parse_topics_never_fails_and_stays_bounded(text: str):
    topics = parse_topics(text)
    assert len(topics) <= MAX_TOPICS
    assert all(0 < len(topic) <= MAX_TOPIC for topic in topics)


def test_search_text_fits_the_search_index_whatever_the_script():
    now = datetime(2026, 11, 23, tzinfo=UTC)
    profile = Profile(
        team_id="T1",
        user_id="U1",
        place_id=1,
        organisation="組織" * 60,
        job_title="職" * 100,
        created_at=now,
        updated_at=now,
        confirmed_at=now,
        can_help=tuple("話題" * 25 for _ in range(10)),
        want_to_learn=tuple("学習" * 25 for _ in range(10)),
    )
    text = profile.search_text()
    assert len(text.encode("utf-8")) <= MAX_SEARCH_TEXT_BYTES
    assert text.startswith("話題")
