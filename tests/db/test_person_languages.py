"""Each person's language, a group's and a channel's, as stored and as the service reads them.
Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL names one (the upsert is each
database's own INSERT ... ON CONFLICT)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.domain.errors import InvalidInputError
from bot.services.export import person_export
from bot.services.languages import LanguageService
from storage.db import make_session_factory
from storage.models import ChannelLinkRow, PersonLanguageRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.clock import FixedClock

TEAM = "T0LANG"
OTHER_TEAM = "T0OTHER"
CYMRAES, SAIS, NEB = "U0CYMRAES", "U0SAIS", "U0NEB"


@pytest.fixture
def uow(engine: Engine) -> SqlAlchemyUnitOfWorkFactory:
    return SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))


@pytest.fixture
def languages(uow: SqlAlchemyUnitOfWorkFactory, clock: FixedClock) -> LanguageService:
    return LanguageService(uow, clock)


def link(engine: Engine, channel: str, region: str, language: str | None) -> None:
    with make_session_factory(engine)() as session:
        session.add(
            ChannelLinkRow(
                team_id=TEAM,
                channel_id=channel,
                region_code=region,
                linked_by=SAIS,
                created_at=FixedClock().now(),
                language=language,
            )
        )
        session.commit()


def test_nobody_has_chosen_so_everybody_reads_english(languages: LanguageService):
    assert languages.person(TEAM, NEB) == "en"
    assert languages.for_people(TEAM, [NEB, SAIS]) == "en"


def test_a_choice_is_kept_replaced_and_only_in_its_workspace(
    languages: LanguageService, uow: SqlAlchemyUnitOfWorkFactory, clock: FixedClock, engine: Engine
):
    languages.set_person(TEAM, CYMRAES, "cy")
    assert languages.person(TEAM, CYMRAES) == "cy"
    assert languages.person(OTHER_TEAM, CYMRAES) == "en"
    clock.advance(days=3)
    languages.set_person(TEAM, CYMRAES, "en")  # the same row, changed: not a second one
    languages.set_person(TEAM, CYMRAES, "cy")
    assert languages.person(TEAM, CYMRAES) == "cy"
    with uow() as work:
        choice = work.languages.choice(TEAM, CYMRAES)
    with make_session_factory(engine)() as session:
        rows = session.scalar(select(func.count()).select_from(PersonLanguageRow))
    assert rows == 1
    assert choice is not None
    assert choice.updated_at == clock.now()


def test_only_english_or_welsh_can_be_chosen(languages: LanguageService):
    with pytest.raises(InvalidInputError):
        languages.set_person(TEAM, CYMRAES, "fr")
    assert languages.person(TEAM, CYMRAES) == "en"


def test_a_group_reads_welsh_english_or_both(languages: LanguageService):
    languages.set_person(TEAM, CYMRAES, "cy")
    languages.set_person(TEAM, "U0CYMRO", "cy")
    languages.set_person(TEAM, SAIS, "en")
    assert languages.for_people(TEAM, [CYMRAES, "U0CYMRO"]) == "cy"
    assert languages.for_people(TEAM, [SAIS, NEB]) == "en"
    assert languages.for_people(TEAM, [CYMRAES, NEB]) == "bilingual"
    assert languages.for_people(TEAM, [CYMRAES, "U0CYMRO", SAIS]) == "bilingual"


def test_many_people_are_read_in_chunks(languages: LanguageService):
    people = [f"U0P{n:05d}" for n in range(1200)]
    for person in people[:3]:
        languages.set_person(TEAM, person, "cy")
    assert languages.for_people(TEAM, people[:3]) == "cy"
    assert languages.for_people(TEAM, people) == "bilingual"


def test_a_channel_takes_its_choice_else_both_in_wales_else_english(
    languages: LanguageService, engine: Engine
):
    assert languages.for_channel(TEAM, "C0NOWHERE") == "en"
    link(engine, "C0LEEDS", "TLE", None)
    assert languages.for_channel(TEAM, "C0LEEDS") == "en"
    link(engine, "C0CYMRU", "TLL", None)
    assert languages.for_channel(TEAM, "C0CYMRU") == "bilingual"
    link(engine, "C0BORDER", "TLG", None)
    link(engine, "C0BORDER", "TLL", None)
    assert languages.for_channel(TEAM, "C0BORDER") == "bilingual"
    link(engine, "C0CAERDYDD", "TLL", "cy")
    assert languages.for_channel(TEAM, "C0CAERDYDD") == "cy"
    link(engine, "C0SWANSEA", "TLL", "en")
    assert languages.for_channel(TEAM, "C0SWANSEA") == "en"


def test_erasing_forgets_the_choice_and_nobody_elses(languages: LanguageService):
    languages.set_person(TEAM, CYMRAES, "cy")
    languages.set_person(TEAM, SAIS, "cy")
    assert languages.erase_person(TEAM, CYMRAES) is True
    assert languages.erase_person(TEAM, CYMRAES) is False
    assert languages.person(TEAM, CYMRAES) == "en"
    assert languages.person(TEAM, SAIS) == "cy"


def test_the_export_shows_the_choice_and_when_it_was_made(
    languages: LanguageService, uow: SqlAlchemyUnitOfWorkFactory, clock: FixedClock, gazetteer
):
    with uow() as work:
        assert "language" not in person_export(work, gazetteer, TEAM, CYMRAES)
    languages.set_person(TEAM, CYMRAES, "cy")
    clock.advance(seconds=timedelta(hours=1).total_seconds())
    with uow() as work:
        exported = person_export(work, gazetteer, TEAM, CYMRAES)
    assert exported["language"] == {
        "reads_the_app_in": "Cymraeg",
        "chosen_at": (clock.now() - timedelta(hours=1)).isoformat(),
    }
