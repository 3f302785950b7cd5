"""The directory service over a real database (SQLite here, PostgreSQL in CI)."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidInputError, NotFoundError
from bot.domain.people import ProfileDraft
from bot.services.directory import PAGE_SIZE, DirectoryService, SearchTarget, UnknownPlace
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.recording import scheduled_nudges

TEAM = "T0001"


@pytest.fixture
def directory(engine, gazetteer, clock) -> DirectoryService:
    return DirectoryService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)), gazetteer, clock
    )


def place_id(gazetteer, name: str) -> int:
    query = gazetteer.read_query(name)
    assert query.place is not None, name
    return query.place.id


def add(directory, gazetteer, user: str, place: str, **changes) -> None:
    values = {
        "place_id": place_id(gazetteer, place),
        "organisation": "HM Revenue and Customs",
        "job_title": "Policy adviser",
    }
    values.update(changes)
    directory.save_profile(TEAM, user, ProfileDraft(**values))


def user_ids(result) -> list[str]:
    return [hit.profile.user_id for hit in result.hits]


def test_people_in_the_place_come_first_then_by_distance(directory, gazetteer, clock):
    add(directory, gazetteer, "UWAKEFIELD", "Wakefield")
    add(directory, gazetteer, "UBRADFORD", "Bradford")
    clock.advance(minutes=1)
    add(directory, gazetteer, "ULEEDS", "Leeds")
    add(directory, gazetteer, "ULONDON", "Croydon")
    result = directory.search_text(TEAM, "Leeds")
    assert not isinstance(result, UnknownPlace)
    assert user_ids(result)[0] == "ULEEDS"
    assert set(user_ids(result)) == {"ULEEDS", "UBRADFORD", "UWAKEFIELD"}
    distances = [hit.distance_km for hit in result.hits]
    assert distances == sorted(distances)
    assert result.total == 3


def test_topic_words_narrow_and_say_how_many_else_are_nearby(directory, gazetteer):
    add(directory, gazetteer, "UDATA", "Leeds", can_help="data science, statistics")
    add(directory, gazetteer, "UPOLICY", "Leeds", can_help="housing policy")
    result = directory.search_text(TEAM, "Leeds data")
    assert user_ids(result) == ["UDATA"]
    assert result.hits[0].matched == ("data science",)
    nothing = directory.search_text(TEAM, "Leeds astrophysics")
    assert nothing.total == 0
    assert nothing.total_ignoring_topics == 2


def test_a_region_lists_everyone_in_it(directory, gazetteer):
    add(directory, gazetteer, "USHEFFIELD", "Sheffield")
    add(directory, gazetteer, "UYORK", "York")
    add(directory, gazetteer, "UMANCHESTER", "Manchester")
    result = directory.search_text(TEAM, "Yorkshire")
    assert result.is_region
    assert set(user_ids(result)) == {"USHEFFIELD", "UYORK"}


def test_results_page_without_repeating_or_losing_anyone(directory, gazetteer, clock):
    towns = ["Leeds", "Bradford", "Wakefield", "Harrogate", "Huddersfield"]
    for index in range(PAGE_SIZE * 2 + 3):
        clock.advance(seconds=1)
        add(directory, gazetteer, f"U{index:04d}", towns[index % len(towns)])
    first = directory.search_text(TEAM, "Leeds")
    assert first.pages == 3
    assert first.total == PAGE_SIZE * 2 + 3
    seen = []
    for page in range(1, first.pages + 1):
        seen += user_ids(directory.search(TEAM, first.target, page=page))
    assert len(seen) == len(set(seen)) == first.total
    assert directory.search(TEAM, first.target, page=99).page == 3


def test_workspaces_never_see_each_others_people(directory, gazetteer):
    add(directory, gazetteer, "UHERE", "Leeds")
    directory.save_profile(
        "T0THER",
        "UTHERE",
        ProfileDraft(place_id=place_id(gazetteer, "Leeds"), organisation="Ofsted", job_title="HMI"),
    )
    assert user_ids(directory.search_text(TEAM, "Leeds")) == ["UHERE"]
    assert user_ids(directory.search_text("T0THER", "Leeds")) == ["UTHERE"]


def test_hidden_and_deactivated_people_are_not_found(directory, gazetteer):
    add(directory, gazetteer, "UHIDDEN", "Leeds")
    add(directory, gazetteer, "UGONE", "Leeds")
    add(directory, gazetteer, "USHOWN", "Leeds")
    directory.set_visible(TEAM, "UHIDDEN", visible=False)
    directory.set_active(TEAM, "UGONE", active=False)
    assert user_ids(directory.search_text(TEAM, "Leeds")) == ["USHOWN"]
    directory.set_active(TEAM, "UGONE", active=True)
    assert "UGONE" in user_ids(directory.search_text(TEAM, "Leeds"))


def test_editing_a_hidden_profile_keeps_it_hidden(directory, gazetteer):
    add(directory, gazetteer, "UME", "Leeds")
    directory.set_visible(TEAM, "UME", visible=False)
    add(directory, gazetteer, "UME", "Leeds", job_title="Head of data")
    status = directory.profile_status(TEAM, "UME")
    assert status.profile.job_title == "Head of data"
    assert not status.profile.visible


def test_unknown_places_get_suggestions(directory):
    result = directory.search_text(TEAM, "Leedz")
    if isinstance(result, UnknownPlace):
        assert result.suggestions
    else:  # a close misspelling may be read as Leeds outright
        assert result.area_label == "Leeds"
    nowhere = directory.search_text(TEAM, "Qwxzyv")
    assert isinstance(nowhere, UnknownPlace)


def test_an_unknown_place_id_in_a_form_is_refused(directory):
    with pytest.raises(InvalidInputError) as caught:
        directory.save_profile(
            TEAM, "UX", ProfileDraft(place_id=999_999_999, organisation="Ofsted", job_title="HMI")
        )
    assert caught.value.fields == {"place": "profile.errors.place_unknown"}


def test_forget_erases_and_export_shows_everything(directory, gazetteer):
    add(directory, gazetteer, "UME", "Cardiff", can_help="Welsh language policy")
    exported = directory.export(TEAM, "UME")
    assert exported["profile"]["place"] == "Cardiff"
    assert exported["profile"]["topics_i_can_help_with"] == ["Welsh language policy"]
    assert directory.forget(TEAM, "UME") is True
    assert directory.profile_status(TEAM, "UME").profile is None
    assert directory.export(TEAM, "UME")["profile"] is None
    assert directory.forget(TEAM, "UME") is False


def test_hiding_without_a_profile_is_a_polite_error(directory):
    with pytest.raises(NotFoundError):
        directory.set_visible(TEAM, "UNOBODY", visible=False)


def test_year_old_profiles_are_nudged_once_then_hidden_if_unanswered(
    directory, gazetteer, clock, engine
):
    add(directory, gazetteer, "UOLD", "Leeds")
    add(directory, gazetteer, "UANSWERS", "Leeds")
    clock.advance(days=200)
    add(directory, gazetteer, "UNEW", "Leeds")
    clock.advance(days=170)
    assert directory.nudge_stale_profiles().nudged == 2
    assert sorted(scheduled_nudges(engine).nudges) == ["UANSWERS", "UOLD"]
    assert directory.nudge_stale_profiles().nudged == 0  # never twice
    assert len(scheduled_nudges(engine).nudges) == 2
    directory.confirm_current(TEAM, "UANSWERS")
    clock.advance(days=31)
    report = directory.nudge_stale_profiles()
    assert report.hidden == 1
    assert scheduled_nudges(engine).hidden == ["UOLD"]
    assert set(user_ids(directory.search_text(TEAM, "Leeds"))) == {"UANSWERS", "UNEW"}
    directory.confirm_current(TEAM, "UOLD")  # answering late brings the profile back
    assert "UOLD" in user_ids(directory.search_text(TEAM, "Leeds"))


def test_a_nudge_is_an_outbox_message_naming_the_person(directory, gazetteer, clock, engine):
    """Written with its claim, so it is sent once even if the process stops first; indexed
    under the person, so /whoswho forget erases it; rendered only while still unanswered."""
    add(directory, gazetteer, "UOLD", "Leeds")
    clock.advance(days=366)
    assert directory.nudge_stale_profiles().nudged == 1
    [(key, named)] = scheduled_nudges(engine).named.items()
    assert key.startswith("profile:UOLD:nudge:")
    assert named == {"UOLD"}
    assert directory.nudge_to_send(TEAM, "UOLD") is not None
    directory.confirm_current(TEAM, "UOLD")
    assert directory.nudge_to_send(TEAM, "UOLD") is None  # answered: nothing to send
    assert directory.forget(TEAM, "UOLD")
    assert scheduled_nudges(engine).named == {}


def test_search_target_from_region_code(directory, gazetteer):
    add(directory, gazetteer, "UCARDIFF", "Cardiff")
    result = directory.search(TEAM, SearchTarget(region_code="TLL"))
    assert user_ids(result) == ["UCARDIFF"]


def test_typed_topic_words_are_tidied_and_bounded_so_a_button_can_carry_them(directory):
    from handlers.directory.forms import encode_search

    noisy = " ".join("\x01" * 50 + f"data{n}" for n in range(30))
    result = directory.search_text(TEAM, f"Leeds {noisy}")
    assert len(result.target.topics) == 10
    assert all("\x01" not in word and len(word) <= 50 for word in result.target.topics)
    assert len(encode_search(result.target, 2)) <= 2000
