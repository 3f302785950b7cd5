"""The unit of work: one session, one transaction, per use case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from storage.delivery_repository import SqlAlchemyDeliveryRepository
from storage.digest_repository import SqlAlchemyDigestRepository
from storage.event_repository import SqlAlchemyEventRepository
from storage.feedback_repository import SqlAlchemyFeedbackRepository
from storage.language_repository import SqlAlchemyLanguageRepository
from storage.mentoring_repository import SqlAlchemyMentoringRepository
from storage.outbox_repository import SqlAlchemyOutboxRepository
from storage.person_record_repository import SqlAlchemyPersonRecordRepository
from storage.profile_repository import SqlAlchemyProfileRepository
from storage.speed_connect_repository import SqlAlchemySpeedConnectRepository
from storage.welcome_repository import SqlAlchemyWelcomeRepository
from storage.workspace_repository import SqlAlchemyWorkspaceRepository

if TYPE_CHECKING:
    from types import TracebackType

    from sqlalchemy.orm import Session, sessionmaker


class SqlAlchemyUnitOfWork:
    profiles: SqlAlchemyProfileRepository
    outbox: SqlAlchemyOutboxRepository
    events: SqlAlchemyEventRepository
    mentoring: SqlAlchemyMentoringRepository
    feedback: SqlAlchemyFeedbackRepository
    deliveries: SqlAlchemyDeliveryRepository
    workspaces: SqlAlchemyWorkspaceRepository
    person_records: SqlAlchemyPersonRecordRepository
    digests: SqlAlchemyDigestRepository
    welcomes: SqlAlchemyWelcomeRepository
    speed_connect: SqlAlchemySpeedConnectRepository
    languages: SqlAlchemyLanguageRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        self.profiles = SqlAlchemyProfileRepository(self._session)
        self.outbox = SqlAlchemyOutboxRepository(self._session)
        self.events = SqlAlchemyEventRepository(self._session)
        self.mentoring = SqlAlchemyMentoringRepository(self._session)
        self.feedback = SqlAlchemyFeedbackRepository(self._session)
        self.deliveries = SqlAlchemyDeliveryRepository(self._session)
        self.workspaces = SqlAlchemyWorkspaceRepository(self._session)
        self.person_records = SqlAlchemyPersonRecordRepository(self._session)
        self.digests = SqlAlchemyDigestRepository(self._session)
        self.welcomes = SqlAlchemyWelcomeRepository(self._session)
        self.speed_connect = SqlAlchemySpeedConnectRepository(self._session)
        self.languages = SqlAlchemyLanguageRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._active()
        try:
            session.rollback()
        finally:
            session.close()
            self._session = None

    def _active(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        return self._session

    def commit(self) -> None:
        self._active().commit()

    def rollback(self) -> None:
        self._active().rollback()


class SqlAlchemyUnitOfWorkFactory:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __call__(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self._session_factory)
