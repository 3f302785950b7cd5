"""The outbox: time-based messages, claimed, sent and finished exactly once (ORM rows never
leave this module)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from sqlalchemy import (
    Boolean,
    ColumnElement,
    delete,
    func,
    literal_column,
    select,
    tuple_,
    update,
)
from sqlalchemy import insert as plain_insert

from bot.domain.outbox import OutboxMessage, OutboxStatus, clip_error
from storage.models import (
    OUTBOX_UNFINISHED_SQL,
    OutboxPersonRow,
    OutboxRow,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from datetime import datetime

    from sqlalchemy.orm import Session

    from bot.domain.outbox import JSON, ScheduledMessage
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

# The partial index's own condition, word for word, so that both databases use the index.
_CLAIMABLE = literal_column(OUTBOX_UNFINISHED_SQL, Boolean())
_INSERT_CHUNK = 500  # rows per INSERT: well inside SQLite's limit on parameters
# A person's id is one word of capital letters and digits (at most 32, as every user id column
# holds). Migration 0009 keeps a copy of this rule for the messages it found.
_PERSON_ID = re.compile(r"[A-Z][A-Z0-9]{1,31}")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def people_named(payload: Mapping[str, JSON]) -> set[str]:
    """Everyone a payload names, wherever: under "user" or any other key, in a list of people
    (a group conversation), nested, or as a key. Every string of an id's shape counts: a
    message is erased with anyone it might name, never kept because of where it named them."""
    return {text for text in _strings(dict(payload)) if _PERSON_ID.fullmatch(text)}


def _to_outbox_message(row: OutboxRow) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        team_id=row.team_id,
        kind=row.kind,
        key=row.key,
        due_at=row.due_at,
        expires_at=row.expires_at,
        payload=cast("dict[str, JSON]", row.payload),
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        throttled=row.throttled,
        in_doubt=row.in_doubt,
        first_attempt_at=row.first_attempt_at,
        last_error=row.last_error,
        sent_ref=row.sent_ref,
        claimed_by=row.claimed_by,
    )


class SqlAlchemyOutboxRepository:
    """The outbox table. Claims are atomic on both databases: on PostgreSQL the rows are picked
    with `FOR UPDATE SKIP LOCKED` (a second worker skips them instead of waiting), on SQLite the
    one UPDATE that picks and takes them runs alone, as every SQLite write does."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, message: ScheduledMessage, *, now: datetime) -> bool:
        return self.add_many([message], now=now) == 1

    def add_many(self, messages: Sequence[ScheduledMessage], *, now: datetime) -> int:
        unique = {(m.team_id, m.key): m for m in reversed(messages)}  # the first of each key
        rows = [
            {
                "team_id": m.team_id,
                "kind": m.kind,
                "key": m.key,
                "payload": dict(m.payload),
                "status": OutboxStatus.PENDING.value,
                "due_at": m.due_at,
                "expires_at": m.expires_at,
                "available_at": m.due_at,
                "claimed_by": None,
                "attempts": 0 if m.in_doubt_since is None else 1,
                "throttled": 0,
                "in_doubt": m.in_doubt_since is not None,
                "first_attempt_at": m.in_doubt_since,
                "last_error": None,
                "sent_ref": None,
                "created_at": now,
                "updated_at": now,
            }
            for m in reversed(unique.values())
        ]
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        returning = self._session.get_bind().dialect.insert_returning
        written = 0
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            statement = insert(OutboxRow).values(chunk)
            # A duplicate key is a no-op, except that a cancelled row is scheduled afresh:
            # someone who dropped out and came back gets their reminder again.
            revive = {
                column: statement.excluded[column]
                for column in rows[0]
                if column not in {"team_id", "key", "created_at"}
            }
            upsert = statement.on_conflict_do_update(
                index_elements=["team_id", "key"],
                set_=revive,
                where=OutboxRow.status == OutboxStatus.CANCELLED.value,
            )
            if returning:  # psycopg reports no row count for a multi-row INSERT
                done = self._session.execute(
                    upsert.returning(OutboxRow.id, OutboxRow.team_id, OutboxRow.key)
                ).all()
                self._name_people(
                    (id_, team, unique[(team, key)].payload) for id_, team, key in done
                )
                written += len(done)
            else:
                result = self._session.execute(upsert)
                written += int(result.rowcount)  # type: ignore[attr-defined]
                # Which rows were written is unknown: name the people of every row of these
                # keys from the payload it holds (the same again for a row left as it was).
                held = self._session.execute(
                    select(OutboxRow.id, OutboxRow.team_id, OutboxRow.payload).where(
                        tuple_(OutboxRow.team_id, OutboxRow.key).in_(
                            [(row["team_id"], row["key"]) for row in chunk]
                        )
                    )
                ).all()
                self._name_people(
                    (id_, team, cast("dict[str, JSON]", payload)) for id_, team, payload in held
                )
        return written

    def _name_people(self, written: Iterable[tuple[int, str, Mapping[str, JSON]]]) -> None:
        """Record whom each message just written names (a revived one's people afresh)."""
        messages = list(written)
        if not messages:
            return
        self._session.execute(
            delete(OutboxPersonRow)
            .where(OutboxPersonRow.outbox_id.in_([message_id for message_id, _, _ in messages]))
            .execution_options(synchronize_session=False)
        )
        named = [
            {"outbox_id": message_id, "user_id": user_id, "team_id": team_id}
            for message_id, team_id, payload in messages
            for user_id in sorted(people_named(payload))
        ]
        for start in range(0, len(named), _INSERT_CHUNK):
            self._session.execute(
                plain_insert(OutboxPersonRow), named[start : start + _INSERT_CHUNK]
            )

    def get(self, team_id: str, key: str) -> OutboxMessage | None:
        row = self._session.scalar(
            select(OutboxRow).where(OutboxRow.team_id == team_id, OutboxRow.key == key)
        )
        return _to_outbox_message(row) if row else None

    def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        lease_until: datetime,
        worker: str,
        exclude_kinds: Sequence[str] = (),
    ) -> list[OutboxMessage]:
        due: list[ColumnElement[bool]] = [_CLAIMABLE, OutboxRow.available_at <= now]
        if exclude_kinds:
            due.append(OutboxRow.kind.not_in(list(exclude_kinds)))
        pick = (
            select(OutboxRow.id)
            .where(*due)
            .order_by(OutboxRow.available_at, OutboxRow.id)
            .limit(limit)
        )
        take = update(OutboxRow).values(
            status=OutboxStatus.SENDING.value,
            claimed_by=worker,
            available_at=lease_until,
            updated_at=now,
        )
        if self._session.get_bind().dialect.name == "postgresql":
            # Lock the rows first, skipping any another worker has locked, then take them.
            # (One UPDATE ... WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED) may
            # take more than n rows: PostgreSQL can run that subquery more than once.)
            ids = list(self._session.scalars(pick.with_for_update(skip_locked=True)))
            if not ids:
                return []
            self._session.execute(
                take.where(OutboxRow.id.in_(ids)).execution_options(synchronize_session=False)
            )
        else:
            # SQLite runs one write at a time: picking and taking in one statement is atomic.
            self._session.execute(
                take.where(OutboxRow.id.in_(pick), *due).execution_options(
                    synchronize_session=False
                )
            )
        rows = self._session.scalars(
            select(OutboxRow)
            .where(
                OutboxRow.claimed_by == worker,
                OutboxRow.status == OutboxStatus.SENDING.value,
            )
            .order_by(OutboxRow.due_at, OutboxRow.id)
        )
        return [_to_outbox_message(row) for row in rows]

    def _held(self, message_id: int, claim: str, *statuses: OutboxStatus, **values: object) -> bool:
        result = self._session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.id == message_id,
                OutboxRow.claimed_by == claim,
                OutboxRow.status.in_([s.value for s in statuses or (OutboxStatus.SENDING,)]),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def begin_attempt(
        self, message_id: int, claim: str, *, now: datetime, lease_until: datetime
    ) -> bool:
        return self._held(
            message_id,
            claim,
            attempts=OutboxRow.attempts + 1,
            in_doubt=True,
            first_attempt_at=func.coalesce(OutboxRow.first_attempt_at, now),
            available_at=lease_until,
            updated_at=now,
        )

    def mark_sent(self, message_id: int, claim: str, *, ref: str, now: datetime) -> bool:
        # A row cancelled while its message was on the way was still sent: record the truth.
        return self._held(
            message_id,
            claim,
            OutboxStatus.SENDING,
            OutboxStatus.CANCELLED,
            status=OutboxStatus.SENT.value,
            sent_ref=ref[:100],
            in_doubt=False,
            updated_at=now,
        )

    def mark_retry(
        self,
        message_id: int,
        claim: str,
        *,
        available_at: datetime,
        error: str,
        in_doubt: bool,
        throttled: bool,
        now: datetime,
    ) -> bool:
        return self._held(
            message_id,
            claim,
            status=OutboxStatus.PENDING.value,
            claimed_by=None,
            available_at=available_at,
            last_error=clip_error(error),
            in_doubt=in_doubt,
            throttled=OutboxRow.throttled + (1 if throttled else 0),
            updated_at=now,
        )

    def release(self, message_ids: Sequence[int], claim: str, *, available_at: datetime) -> int:
        if not message_ids:
            return 0
        result = self._session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(list(message_ids)),
                OutboxRow.claimed_by == claim,
                OutboxRow.status == OutboxStatus.SENDING.value,
            )
            .values(status=OutboxStatus.PENDING.value, claimed_by=None, available_at=available_at)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def mark_failed(self, message_id: int, claim: str, *, error: str, now: datetime) -> bool:
        return self._held(
            message_id,
            claim,
            status=OutboxStatus.FAILED.value,
            last_error=clip_error(error),
            in_doubt=False,
            updated_at=now,
        )

    def mark_skipped(self, message_id: int, claim: str, *, reason: str, now: datetime) -> bool:
        return self._held(
            message_id,
            claim,
            status=OutboxStatus.SKIPPED.value,
            last_error=clip_error(reason),
            in_doubt=False,
            updated_at=now,
        )

    def cancel(
        self,
        team_id: str,
        *,
        key: str | None = None,
        key_prefix: str | None = None,
        now: datetime,
    ) -> int:
        if (key is None) == (key_prefix is None):
            raise ValueError("cancel takes a key or a key prefix")
        which = (
            OutboxRow.key == key
            if key is not None
            else OutboxRow.key.startswith(key_prefix or "", autoescape=True)
        )
        result = self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.team_id == team_id, which, _CLAIMABLE)
            .values(status=OutboxStatus.CANCELLED.value, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Delete every message to or about the person, sent or not, wherever its payload
        names them (to them alone, to a group conversation they are in, or about them): after
        /whoswho forget nothing is sent to them and nothing names them. Their people go with
        each message."""
        named = select(OutboxPersonRow.outbox_id).where(
            OutboxPersonRow.team_id == team_id, OutboxPersonRow.user_id == user_id
        )
        result = self._session.execute(
            delete(OutboxRow)
            .where(OutboxRow.team_id == team_id, OutboxRow.id.in_(named))
            .execution_options(synchronize_session=False)
        )
        erased = int(result.rowcount)  # type: ignore[attr-defined]
        # Also a message to them written without its people: by a release from before this
        # index, still running during a rolling upgrade.
        result = self._session.execute(
            delete(OutboxRow)
            .where(OutboxRow.team_id == team_id, OutboxRow.payload["user"].as_string() == user_id)
            .execution_options(synchronize_session=False)
        )
        return erased + int(result.rowcount)  # type: ignore[attr-defined]

    def next_available_at(self, *, exclude_kinds: Sequence[str] = ()) -> datetime | None:
        query = select(OutboxRow.available_at).where(_CLAIMABLE)
        if exclude_kinds:
            query = query.where(OutboxRow.kind.not_in(list(exclude_kinds)))
        return self._session.scalar(query.order_by(OutboxRow.available_at).limit(1))

    def counts(self) -> dict[OutboxStatus, int]:
        rows = self._session.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
        )
        return {OutboxStatus(status): int(count) for status, count in rows}

    def purge_finished(self, *, before: datetime) -> int:
        result = self._session.execute(
            delete(OutboxRow)
            .where(
                OutboxRow.status.in_([s.value for s in OutboxStatus if s.finished]),
                OutboxRow.updated_at < before,
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
