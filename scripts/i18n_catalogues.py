"""Keep the Welsh catalogues in step with the English ones, and find words the code no longer uses.

The English catalogues (`bot/i18n/locales/en/LC_MESSAGES/<feature>.po`) are the source: each
entry's msgid is a key, its msgstr the English words. Each Welsh catalogue holds the same keys in
the same feature's file, every entry with an automatic comment "English: <the English words>"
recording what it was translated from, and marked fuzzy (`#, fuzzy`) until a Welsh translator has
reviewed it; the reviewer clears the flag.

    python scripts/i18n_catalogues.py check    # exit 1, saying why, when Welsh is out of step
    python scripts/i18n_catalogues.py sync     # bring each Welsh catalogue in step
    python scripts/i18n_catalogues.py unused   # English keys the code no longer uses

`sync` adds the keys Welsh lacks (untranslated, fuzzy), drops those English no longer has,
refreshes every "English: ..." comment and marks fuzzy any entry whose English words changed since
it was translated (its old comment says so). It keeps translations and the fuzzy flags reviewers
cleared, wraps lines at 100 characters so diffs stay small, and running it twice changes
nothing (an English change only in spacing or line breaks is not one a translator need see).
`--locales DIR` points any command at another copy of the catalogues.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

try:  # run as a file (python scripts/i18n_catalogues.py): its folder is on the path
    from i18n_keys import used_keys
except ImportError:  # run as a module (python -m scripts.i18n_catalogues) or imported by tests
    from scripts.i18n_keys import used_keys

ROOT = Path(__file__).resolve().parents[1]
LOCALES_DIR = ROOT / "bot" / "i18n" / "locales"
ENGLISH, WELSH = "en", "cy"
BABEL_LOCALES = {ENGLISH: "en_GB", WELSH: "cy"}
WELSH_FORMS = get_plural(BABEL_LOCALES[WELSH]).num_plurals  # CLDR's six: zero, one, two, ...
WIDTH = 100
SOURCE = "English: "  # the automatic comment each Welsh entry carries
FORMS_JOINER = " | "  # between a plural's English forms in that comment
PLURAL_SOURCE = "English (plural): "  # a plural's other form, one to a line, is read too
PROJECT, VERSION = "Who's Who Locally", "1"
REVIEW_NOTE = (
    "# The Welsh waits for a Welsh translator's review wherever an entry is marked `#, fuzzy`:\n"
    "# a reviewer clears the flag once they have checked the entry."
)

Text = str | tuple[str, ...]


# Reading and writing -----------------------------------------------------------------------------


def _messages_dir(locales: Path, language: str) -> Path:
    return locales / language / "LC_MESSAGES"


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=BABEL_LOCALES[language])


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, ignore_obsolete=True, include_lineno=False)
    return buffer.getvalue()


def _key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def _entries(catalog: Catalog) -> dict[str, Message]:
    """A catalogue's entries by key, in its order (the header left out)."""
    return {_key(message): message for message in catalog if message.id}


def _text(message: Message) -> Text:
    """An entry's words: a text, or a plural's forms."""
    if isinstance(message.string, tuple | list):
        return tuple(message.string)
    return message.string or ""


def _is_plural(message: Message) -> bool:
    return isinstance(message.id, tuple | list)


def _source_comment(english: Message) -> str:
    """The note of what a Welsh entry translates: "English: <words>", a plural's forms joined
    by " | ", a new line written as `\\n`."""
    text = _text(english)
    words = FORMS_JOINER.join(text) if isinstance(text, tuple) else text
    return SOURCE + words.replace("\n", "\\n")


def _same_words(first: str, second: str) -> bool:
    """Comments are wrapped at the width, so only the words and their order count (a new line,
    written `\\n` or not, counts as a space)."""
    return first.replace("\\n", " ").split() == second.replace("\\n", " ").split()


def _recorded_source(welsh: Message) -> str | None:
    """The English a Welsh entry says it was translated from, as `_source_comment` writes it.

    Comments are wrapped, so a line that does not start a new "English..." line continues the
    one before; a plural's forms may also be recorded one to a line ("English: 1 thing",
    "English (plural): {count} things")."""
    forms: list[str] = []
    for line in welsh.auto_comments:
        if line.startswith(SOURCE):
            forms.append(line.removeprefix(SOURCE))
        elif line.startswith(PLURAL_SOURCE):
            forms.append(line.removeprefix(PLURAL_SOURCE))
        elif forms:
            forms[-1] += " " + line
    return SOURCE + FORMS_JOINER.join(forms) if forms else None


def _translated(message: Message) -> bool:
    text = _text(message)
    return all(text) if isinstance(text, tuple) else bool(text)


def _placeholders(text: Text) -> frozenset[str]:
    forms = text if isinstance(text, tuple) else (text,)
    return frozenset(
        name for form in forms for _, name, _, _ in Formatter().parse(form) if name is not None
    )


# Sync --------------------------------------------------------------------------------------------


def _new_welsh(english: Catalog) -> Catalog:
    """An empty Welsh catalogue for a feature English has: the English file's note, Welsh's
    header (CLDR's six plural forms) and English's dates, so a rerun writes the same bytes."""
    note = (english.header_comment or "").rstrip()
    welsh = Catalog(
        locale=BABEL_LOCALES[WELSH],
        header_comment=f"{note}\n#\n{REVIEW_NOTE}" if note else REVIEW_NOTE,
        project=PROJECT,
        version=VERSION,
        creation_date=english.creation_date,
        revision_date=english.revision_date,
        language_team="Welsh",
        charset="utf-8",
        fuzzy=False,
    )
    # Babel fills blanks with placeholders ("EMAIL@ADDRESS"): the app leaves these empty
    welsh.msgid_bugs_address = welsh.last_translator = ""
    return welsh


def _blank(english: Message, forms: int) -> Message:
    """A Welsh entry nobody has translated: empty words, awaiting a translator."""
    string: Text = ("",) * forms if _is_plural(english) else ""
    return Message(
        english.id,
        string,
        auto_comments=[_source_comment(english)],
        flags={"fuzzy"},
    )


def synced(english: Catalog, welsh: Catalog | None) -> Catalog:
    """The Welsh catalogue in step with `english`: its keys in English's order, each with its
    English words in a comment, translations kept, changed English marked for review."""
    result = _new_welsh(english)
    if welsh is not None:  # keep the file's own header, note and dates
        result.header_comment = welsh.header_comment
        result.mime_headers = welsh.mime_headers
        result.fuzzy = welsh.fuzzy
    old = _entries(welsh) if welsh is not None else {}
    for key, source in _entries(english).items():
        entry = old.get(key)
        if entry is None or _is_plural(entry) != _is_plural(source):
            result[source.id] = _blank(source, result.num_plurals)
            continue
        comment = _source_comment(source)
        recorded = _recorded_source(entry)
        flags = set(entry.flags)
        if recorded is None or not _same_words(recorded, comment):
            flags.add("fuzzy")  # the English changed since (or was never recorded): review
        string = _text(entry)
        if isinstance(string, tuple) and len(string) != result.num_plurals:
            string = (*string, *("",) * result.num_plurals)[: result.num_plurals]
            flags.add("fuzzy")
        result[source.id] = Message(
            source.id,
            string,
            auto_comments=[comment],
            user_comments=list(entry.user_comments),
            flags=flags,
        )
    return result


def sync(locales: Path) -> list[Path]:
    """Bring every Welsh catalogue in step with its English one; the files it changed."""
    changed = []
    welsh_dir = _messages_dir(locales, WELSH)
    for english_path in sorted(_messages_dir(locales, ENGLISH).glob("*.po")):
        welsh_path = welsh_dir / english_path.name
        before = welsh_path.read_bytes() if welsh_path.exists() else None
        welsh = _read(welsh_path, WELSH) if before is not None else None
        after = _render(synced(_read(english_path, ENGLISH), welsh))
        if after != before:
            welsh_dir.mkdir(parents=True, exist_ok=True)
            welsh_path.write_bytes(after)
            changed.append(welsh_path)
    return changed


# Check -------------------------------------------------------------------------------------------


@dataclass
class Summary:
    feature: str
    entries: int = 0
    translated: int = 0
    fuzzy: int = 0
    problems: list[str] = field(default_factory=list)


def _written_forms(path: Path) -> dict[str, int]:
    """How many forms each plural entry of a file writes out (Babel pads what it reads)."""
    counts: dict[str, int] = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid_plural "):
            key = line.removeprefix("msgid_plural ").strip('"')
            counts[key] = 0
        elif line.startswith("msgstr[") and key is not None:
            counts[key] += 1
        elif line.startswith("msgid "):
            key = None
    return counts


def _check_entry(key: str, english: Message, welsh: Message, written: int | None) -> list[str]:
    problems = []
    if _is_plural(english) != _is_plural(welsh):
        kind = "a plural" if _is_plural(english) else "not a plural"
        return [f"{key}: is {kind} in English but not in Welsh"]
    text = _text(welsh)
    if written is not None and written != WELSH_FORMS:
        problems.append(f"{key}: has {written} plural forms; Welsh counts {WELSH_FORMS}")
    if _translated(welsh):
        english_names, welsh_names = _placeholders(_text(english)), _placeholders(text)
        if _is_plural(english):  # a form may leave the count out ("one group")
            english_names, welsh_names = english_names - {"count"}, welsh_names - {"count"}
        if english_names != welsh_names:
            problems.append(
                f"{key}: fills in {sorted(welsh_names)} where English fills in "
                f"{sorted(english_names)}"
            )
    recorded = _recorded_source(welsh)
    if not welsh.fuzzy and (
        recorded is None or not _same_words(recorded, _source_comment(english))
    ):
        problems.append(f"{key}: the English changed since it was translated (run sync)")
    return problems


def check_feature(english_path: Path, welsh_path: Path) -> Summary:
    summary = Summary(english_path.stem)
    if not welsh_path.exists():
        summary.problems.append(f"no Welsh catalogue {welsh_path.name} (run sync)")
        return summary
    english, welsh = _read(english_path, ENGLISH), _read(welsh_path, WELSH)
    english_entries, welsh_entries = _entries(english), _entries(welsh)
    if welsh.num_plurals != WELSH_FORMS:
        summary.problems.append(
            f"the header counts {welsh.num_plurals} plural forms; Welsh counts {WELSH_FORMS}"
        )
    written = _written_forms(welsh_path)
    summary.problems.extend(
        f"{key}: missing from Welsh (run sync)"
        for key in english_entries
        if key not in welsh_entries
    )
    summary.problems.extend(
        f"{key}: obsolete, English no longer has it (run sync)"
        for key in welsh_entries
        if key not in english_entries
    )
    for key, entry in welsh_entries.items():
        if key not in english_entries:
            continue
        summary.entries += 1
        summary.translated += _translated(entry)
        summary.fuzzy += entry.fuzzy
        summary.problems.extend(_check_entry(key, english_entries[key], entry, written.get(key)))
    return summary


def check(locales: Path) -> list[Summary]:
    english_dir, welsh_dir = _messages_dir(locales, ENGLISH), _messages_dir(locales, WELSH)
    summaries = [
        check_feature(path, welsh_dir / path.name) for path in sorted(english_dir.glob("*.po"))
    ]
    english_files = {path.name for path in english_dir.glob("*.po")}
    for path in sorted(welsh_dir.glob("*.po")):
        if path.name not in english_files:
            summary = Summary(path.stem)
            summary.problems.append(f"{path.name}: English has no such feature")
            summaries.append(summary)
    return summaries


# Unused ------------------------------------------------------------------------------------------


def unused(locales: Path, root: Path) -> list[str]:
    english = set()
    for path in _messages_dir(locales, ENGLISH).glob("*.po"):
        english |= set(_entries(_read(path, ENGLISH)))
    return sorted(english - used_keys(root))


# Command line ------------------------------------------------------------------------------------


def _print_check(summaries: list[Summary]) -> int:
    problems = [(s.feature, problem) for s in summaries for problem in s.problems]
    if problems:
        print("The Welsh catalogues are out of step with the English:")
        for feature, problem in problems:
            print(f"  {feature}: {problem}")
        return 1
    print(f"{'feature':<20} {'entries':>8} {'translated':>11} {'fuzzy':>6}")
    for s in summaries:
        print(f"{s.feature:<20} {s.entries:>8} {s.translated:>11} {s.fuzzy:>6}")
    total = Summary(
        "all", *(sum(getattr(s, n) for s in summaries) for n in ("entries", "translated", "fuzzy"))
    )
    print(f"{total.feature:<20} {total.entries:>8} {total.translated:>11} {total.fuzzy:>6}")
    print("fuzzy: awaiting a Welsh translator's review")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--locales", type=Path, default=LOCALES_DIR, help="the catalogues' directory"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="exit 1, saying why, when Welsh is out of step")
    commands.add_parser("sync", help="bring each Welsh catalogue in step with its English one")
    unused_parser = commands.add_parser("unused", help="English keys the code no longer uses")
    unused_parser.add_argument("--root", type=Path, default=ROOT, help="the code's directory")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _print_check(check(args.locales))
    if args.command == "sync":
        changed = sync(args.locales)
        for path in changed:
            print(f"updated {path}")
        if not changed:
            print("the Welsh catalogues were already in step")
        return 0
    keys = unused(args.locales, args.root)
    for key in keys:
        print(key)
    if not keys:
        print("the code uses every English key", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
