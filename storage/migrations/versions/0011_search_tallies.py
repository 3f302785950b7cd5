"""Directory search tallies, kept by the database: searchable people per place (a search
counts a ring of places from one row per place instead of reading every person in it: London
holds about 100,000), and the words of searchable profiles, each with the people using it (a
topic search reads only the people with a word containing its stems), listed once per word.

Both are filled here for the profiles that exist, then kept by triggers on `profiles` (an
insert, a delete, a change of workspace, place, visibility or text), so every writer keeps
them right: the app, the import, a bulk load, a hand-written UPDATE. SQLite's triggers run
per row; PostgreSQL's per statement. A place's count stays at 0 when its last person leaves
(searches skip it); a word goes with its last profile.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What counts: the repository's `_searchable` condition.
_FILL = """
INSERT INTO profile_place_counts (team_id, place_id, people)
SELECT team_id, place_id, count(*) FROM profiles
WHERE visible AND active
GROUP BY team_id, place_id
"""

# A profile's words: its search_text split at single spaces (the domain's normalise leaves no
# other blanks), without the " | " between its parts. As a JSON array for SQLite's json_each:
# json_quote escapes whatever needs it, and no escape holds a space.
_SQLITE_WORDS = "json_each('[' || replace(json_quote({row}.search_text), ' ', '\",\"') || ']')"
_NOT_A_WORD = "('', '|')"


def _sqlite_terms_sql(row: str) -> tuple[str, str]:
    words = _SQLITE_WORDS.format(row=row)
    chosen = f"SELECT DISTINCT value FROM {words} WHERE value NOT IN {_NOT_A_WORD}"
    add = f"""
        INSERT INTO profile_terms (team_id, term, place_id, profile_id)
        SELECT {row}.team_id, value, {row}.place_id, {row}.id FROM ({chosen}) WHERE {{when}}
        ON CONFLICT DO NOTHING;
        INSERT INTO search_terms (team_id, term)
        SELECT {row}.team_id, value FROM ({chosen}) WHERE {{when}}
        ON CONFLICT DO NOTHING;
    """
    remove = f"""
        DELETE FROM profile_terms
        WHERE {{when}} AND team_id = {row}.team_id AND term IN ({chosen})
            AND place_id = {row}.place_id AND profile_id = {row}.id;
        DELETE FROM search_terms
        WHERE {{when}} AND team_id = {row}.team_id AND term IN ({chosen})
            AND NOT EXISTS (
                SELECT 1 FROM profile_terms AS p
                WHERE p.team_id = search_terms.team_id AND p.term = search_terms.term
            );
    """
    return add, remove


_ADD_NEW, _ = _sqlite_terms_sql("NEW")
_, _REMOVE_OLD = _sqlite_terms_sql("OLD")
_NEW_SEARCHABLE = "NEW.visible AND NEW.active"
_OLD_SEARCHABLE = "OLD.visible AND OLD.active"

_SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER profiles_people_insert AFTER INSERT ON profiles
    WHEN NEW.visible AND NEW.active
    BEGIN
        INSERT INTO profile_place_counts (team_id, place_id, people)
        VALUES (NEW.team_id, NEW.place_id, 1)
        ON CONFLICT (team_id, place_id) DO UPDATE SET people = people + 1;
    END
    """,
    """
    CREATE TRIGGER profiles_people_delete AFTER DELETE ON profiles
    WHEN OLD.visible AND OLD.active
    BEGIN
        UPDATE profile_place_counts SET people = people - 1
        WHERE team_id = OLD.team_id AND place_id = OLD.place_id;
    END
    """,
    """
    CREATE TRIGGER profiles_people_update AFTER UPDATE OF team_id, place_id, visible, active
    ON profiles
    WHEN OLD.team_id IS NOT NEW.team_id OR OLD.place_id IS NOT NEW.place_id
        OR OLD.visible IS NOT NEW.visible OR OLD.active IS NOT NEW.active
    BEGIN
        UPDATE profile_place_counts SET people = people - 1
        WHERE OLD.visible AND OLD.active
            AND team_id = OLD.team_id AND place_id = OLD.place_id;
        INSERT INTO profile_place_counts (team_id, place_id, people)
        SELECT NEW.team_id, NEW.place_id, 1 WHERE NEW.visible AND NEW.active
        ON CONFLICT (team_id, place_id) DO UPDATE SET people = people + 1;
    END
    """,
    f"""
    CREATE TRIGGER profiles_terms_insert AFTER INSERT ON profiles
    WHEN {_NEW_SEARCHABLE}
    BEGIN {_ADD_NEW.format(when="1")} END
    """,
    f"""
    CREATE TRIGGER profiles_terms_delete AFTER DELETE ON profiles
    WHEN {_OLD_SEARCHABLE}
    BEGIN {_REMOVE_OLD.format(when="1")} END
    """,
    f"""
    CREATE TRIGGER profiles_terms_update
    AFTER UPDATE OF team_id, place_id, visible, active, search_text ON profiles
    WHEN (OLD.team_id IS NOT NEW.team_id OR OLD.place_id IS NOT NEW.place_id
        OR OLD.visible IS NOT NEW.visible OR OLD.active IS NOT NEW.active
        OR OLD.search_text IS NOT NEW.search_text)
        AND ({_OLD_SEARCHABLE} OR {_NEW_SEARCHABLE})
    BEGIN
        {_REMOVE_OLD.format(when=f"({_OLD_SEARCHABLE})")}
        {_ADD_NEW.format(when=f"({_NEW_SEARCHABLE})")}
    END
    """,
)

# PostgreSQL: statement-level triggers over the statement's transition tables, so a bulk
# load or a workspace's erasure changes each tally row once per statement, not once per
# profile (row versions of one row changed many times in one transaction pile up). Rows are
# locked in one order (sorted) before they change, so two transactions never wait for each
# other in a ring; a word is locked before its profiles are counted, so a word another
# transaction is adding is never taken away under it.
_PG_WORDS = (
    "{rows} AS r CROSS JOIN LATERAL unnest(string_to_array(r.search_text, ' ')) AS w(word)"
    f" WHERE r.visible AND r.active AND w.word NOT IN {_NOT_A_WORD}"
)


def _pg_add(rows: str) -> str:
    words = _PG_WORDS.format(rows=rows)
    return f"""
        INSERT INTO profile_place_counts (team_id, place_id, people)
        SELECT r.team_id, r.place_id, count(*) FROM {rows} AS r
        WHERE r.visible AND r.active
        GROUP BY r.team_id, r.place_id ORDER BY r.team_id, r.place_id
        ON CONFLICT (team_id, place_id)
        DO UPDATE SET people = profile_place_counts.people + EXCLUDED.people;
        INSERT INTO search_terms (team_id, term)
        SELECT DISTINCT r.team_id, w.word FROM {words} ORDER BY 1, 2
        ON CONFLICT (team_id, term) DO UPDATE SET term = EXCLUDED.term WHERE false;
        INSERT INTO profile_terms (team_id, term, place_id, profile_id)
        SELECT DISTINCT r.team_id, w.word, r.place_id, r.id FROM {words}
        ON CONFLICT DO NOTHING;
    """


def _pg_remove(rows: str) -> str:
    words = _PG_WORDS.format(rows=rows)
    return f"""
        PERFORM 1 FROM profile_place_counts AS c
        WHERE (c.team_id, c.place_id) IN (
            SELECT r.team_id, r.place_id FROM {rows} AS r WHERE r.visible AND r.active
        )
        ORDER BY c.team_id, c.place_id FOR UPDATE;
        UPDATE profile_place_counts AS c SET people = c.people - gone.people
        FROM (
            SELECT r.team_id, r.place_id, count(*) AS people FROM {rows} AS r
            WHERE r.visible AND r.active GROUP BY r.team_id, r.place_id
        ) AS gone
        WHERE c.team_id = gone.team_id AND c.place_id = gone.place_id;
        DELETE FROM profile_terms AS p
        USING (SELECT DISTINCT r.team_id, w.word, r.place_id, r.id FROM {words}) AS gone
        WHERE p.team_id = gone.team_id AND p.term = gone.word
            AND p.place_id = gone.place_id AND p.profile_id = gone.id;
        PERFORM 1 FROM search_terms AS s
        WHERE (s.team_id, s.term) IN (SELECT r.team_id, w.word FROM {words})
        ORDER BY s.team_id, s.term FOR UPDATE;
        DELETE FROM search_terms AS s
        WHERE (s.team_id, s.term) IN (SELECT r.team_id, w.word FROM {words})
            AND NOT EXISTS (
                SELECT 1 FROM profile_terms AS p WHERE p.team_id = s.team_id AND p.term = s.term
            );
    """


_CHANGED = """(
    SELECT {side}.* FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
    WHERE (o.team_id, o.place_id, o.visible, o.active, o.search_text)
        IS DISTINCT FROM (n.team_id, n.place_id, n.visible, n.active, n.search_text)
)"""


def _pg_function(name: str, body: str) -> str:
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {body}
        RETURN NULL;
    END
    $$
    """


_POSTGRESQL_TRIGGERS = (
    _pg_function("profiles_tallies_insert", _pg_add("new_rows")),
    _pg_function("profiles_tallies_delete", _pg_remove("old_rows")),
    _pg_function(
        "profiles_tallies_update",
        _pg_remove(_CHANGED.format(side="o")) + _pg_add(_CHANGED.format(side="n")),
    ),
    """
    CREATE TRIGGER profiles_tallies_insert AFTER INSERT ON profiles
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION profiles_tallies_insert()
    """,
    """
    CREATE TRIGGER profiles_tallies_delete AFTER DELETE ON profiles
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION profiles_tallies_delete()
    """,
    """
    CREATE TRIGGER profiles_tallies_update AFTER UPDATE ON profiles
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION profiles_tallies_update()
    """,
)

_FILL_TERMS_SQLITE = f"""
INSERT INTO profile_terms (team_id, term, place_id, profile_id)
SELECT DISTINCT profiles.team_id, value, profiles.place_id, profiles.id
FROM profiles, {_SQLITE_WORDS.format(row="profiles")}
WHERE profiles.visible AND profiles.active AND value NOT IN {_NOT_A_WORD}
"""
_FILL_TERMS_POSTGRESQL = f"""
INSERT INTO profile_terms (team_id, term, place_id, profile_id)
SELECT DISTINCT profiles.team_id, word, profiles.place_id, profiles.id
FROM profiles CROSS JOIN LATERAL unnest(string_to_array(profiles.search_text, ' ')) AS word
WHERE profiles.visible AND profiles.active AND word NOT IN {_NOT_A_WORD}
"""
_FILL_SEARCH_TERMS = """
INSERT INTO search_terms (team_id, term)
SELECT DISTINCT team_id, term FROM profile_terms
"""


def upgrade() -> None:
    op.create_table(
        "profile_place_counts",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "place_id", name=op.f("pk_profile_place_counts")),
    )
    op.create_table(
        "profile_terms",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "team_id", "term", "place_id", "profile_id", name=op.f("pk_profile_terms")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "search_terms",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "term", name=op.f("pk_search_terms")),
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        # No profile may change between the fill and the triggers taking over.
        op.execute("LOCK TABLE profiles IN SHARE ROW EXCLUSIVE MODE")
    op.execute(_FILL)
    op.execute(_FILL_TERMS_POSTGRESQL if postgresql else _FILL_TERMS_SQLITE)
    op.execute(_FILL_SEARCH_TERMS)
    for statement in _POSTGRESQL_TRIGGERS if postgresql else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in ("update", "delete", "insert"):
            op.execute(f"DROP TRIGGER profiles_tallies_{name} ON profiles")
            op.execute(f"DROP FUNCTION profiles_tallies_{name}()")
    else:
        for name in ("update", "delete", "insert"):
            op.execute(f"DROP TRIGGER profiles_people_{name}")
            op.execute(f"DROP TRIGGER profiles_terms_{name}")
    op.drop_table("search_terms")
    op.drop_table("profile_terms")
    op.drop_table("profile_place_counts")
