"""The catalogue script keeps Welsh in step with English: new English words reach the Welsh file
awaiting a translator, changed English sends a reviewed translation back for review, removed keys
go, reviewed work is kept, and a second run changes nothing. Every test works on its own
catalogues in a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from bot.i18n import LOCALES_DIR
from scripts.i18n_catalogues import main

ENGLISH_HEADER = """\
# Words of the test feature.
msgid ""
msgstr ""
"Project-Id-Version: Who's Who Locally 1\\n"
"Language: en_GB\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

"""


def _english(locales: Path, entries: dict[str, str | tuple[str, str]]) -> None:
    lines = [ENGLISH_HEADER]
    for key, text in entries.items():
        if isinstance(text, tuple):
            lines.append(
                f'msgid "{key}"\nmsgid_plural "{key}"\n'
                f'msgstr[0] "{text[0]}"\nmsgstr[1] "{text[1]}"\n\n'
            )
        else:
            lines.append(f'msgid "{key}"\nmsgstr "{text}"\n\n')
    path = locales / "en" / "LC_MESSAGES" / "feature.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


def _welsh_path(locales: Path) -> Path:
    return locales / "cy" / "LC_MESSAGES" / "feature.po"


def _welsh(locales: Path) -> Catalog:
    with _welsh_path(locales).open("rb") as handle:
        return read_po(handle, locale="cy")


def _entry(locales: Path, key: str) -> Message | None:
    return _welsh(locales).get(key)


def _review(locales: Path, key: str, welsh: str) -> None:
    """What a translator does: write the Welsh and clear the fuzzy flag."""
    catalog = _welsh(locales)
    message = catalog[key]
    message.string = welsh
    message.flags.discard("fuzzy")
    with _welsh_path(locales).open("wb") as handle:
        write_po(handle, catalog, width=100)


def _run(locales: Path, *command: str) -> int:
    return main(["--locales", str(locales), *command])


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    _english(tmp_path, {"greeting.hello": "Hello {name}", "greeting.bye": "Goodbye"})
    assert _run(tmp_path, "sync") == 0
    return tmp_path


def test_a_missing_welsh_file_is_created_with_welsh_plural_forms(locales):
    catalog = _welsh(locales)
    assert str(catalog.locale) == "cy"
    assert catalog.num_plurals == 6
    assert [m.id for m in catalog if m.id] == ["greeting.hello", "greeting.bye"]
    assert not catalog.fuzzy  # the header itself is not awaiting review


def test_a_new_english_key_appears_in_welsh_awaiting_a_translator(locales):
    _english(
        locales,
        {"greeting.hello": "Hello {name}", "greeting.bye": "Goodbye", "greeting.wave": "Wave"},
    )
    _run(locales, "sync")
    entry = _entry(locales, "greeting.wave")
    assert entry is not None
    assert entry.string == ""
    assert entry.fuzzy
    assert entry.auto_comments == ["English: Wave"]


def test_a_new_plural_gets_all_six_welsh_forms_and_both_english_ones_in_its_note(locales):
    _english(locales, {"greeting.people": ("1 person", "{count} people")})
    _run(locales, "sync")
    entry = _entry(locales, "greeting.people")
    assert entry is not None
    assert entry.string == ("",) * 6
    assert entry.auto_comments == ["English: 1 person | {count} people"]


def test_a_reviewed_entry_keeps_its_translation_and_stays_reviewed(locales):
    _review(locales, "greeting.hello", "Helo {name}")
    _run(locales, "sync")
    entry = _entry(locales, "greeting.hello")
    assert entry is not None
    assert entry.string == "Helo {name}"
    assert not entry.fuzzy


def test_changed_english_sends_the_welsh_back_for_review(locales):
    _review(locales, "greeting.hello", "Helo {name}")
    _english(locales, {"greeting.hello": "Hi there {name}", "greeting.bye": "Goodbye"})
    _run(locales, "sync")
    entry = _entry(locales, "greeting.hello")
    assert entry is not None
    assert entry.fuzzy
    assert entry.string == "Helo {name}"  # the old translation stays, for the reviewer
    assert entry.auto_comments == ["English: Hi there {name}"]


def test_a_key_english_no_longer_has_goes_from_welsh(locales):
    _review(locales, "greeting.bye", "Hwyl fawr")
    _english(locales, {"greeting.hello": "Hello {name}"})
    _run(locales, "sync")
    assert _entry(locales, "greeting.bye") is None
    assert "greeting.bye" not in _welsh_path(locales).read_text(encoding="utf-8")


def test_syncing_twice_changes_nothing_the_first_did_not(locales, capsys):
    _review(locales, "greeting.hello", "Helo {name}")
    _english(locales, {"greeting.hello": "Hi {name}", "greeting.new": "A new one " * 20})
    _run(locales, "sync")
    once = _welsh_path(locales).read_bytes()
    capsys.readouterr()
    _run(locales, "sync")
    assert _welsh_path(locales).read_bytes() == once
    assert "already in step" in capsys.readouterr().out
    # long words are wrapped at 100 characters (the comment's "#. " aside), so diffs stay small
    lines = once.decode().splitlines()
    assert all(len(line.removeprefix("#. ")) <= 100 for line in lines)
    assert sum(line.startswith("#. ") for line in lines) >= 3


def test_syncing_a_copy_of_the_apps_catalogues_twice_changes_nothing(tmp_path):
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copy)
    _run(copy, "sync")
    once = {p.name: p.read_bytes() for p in (copy / "cy" / "LC_MESSAGES").glob("*.po")}
    _run(copy, "sync")
    twice = {p.name: p.read_bytes() for p in (copy / "cy" / "LC_MESSAGES").glob("*.po")}
    assert twice == once


# check ---------------------------------------------------------------------------------------


def test_check_summarises_each_feature_when_welsh_is_in_step(locales, capsys):
    _review(locales, "greeting.hello", "Helo {name}")
    assert _run(locales, "check") == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()]
    assert ["feature", "2", "1", "1"] in rows  # entries, translated, awaiting review


def test_check_fails_and_says_why_when_a_key_is_missing(locales, capsys):
    _english(locales, {"greeting.hello": "Hello {name}", "greeting.bye": "Bye", "a.new": "New"})
    assert _run(locales, "check") == 1
    out = capsys.readouterr().out
    assert "a.new: missing from Welsh" in out
    assert "greeting.bye: the English changed" not in out  # still awaiting review: not stale


def test_check_fails_when_welsh_fills_in_other_placeholders(locales, capsys):
    _review(locales, "greeting.hello", "Helo {enw}")
    assert _run(locales, "check") == 1
    assert "greeting.hello: fills in ['enw'] where English fills in ['name']" in (
        capsys.readouterr().out
    )


def test_check_fails_on_an_obsolete_key_and_on_reviewed_words_whose_english_changed(
    locales, capsys
):
    _review(locales, "greeting.bye", "Hwyl")
    _english(locales, {"greeting.bye": "Farewell"})
    assert _run(locales, "check") == 1
    out = capsys.readouterr().out
    assert "greeting.hello: obsolete" in out
    assert "greeting.bye: the English changed since it was translated" in out


def test_check_fails_when_a_welsh_plural_lacks_forms(tmp_path, capsys):
    _english(tmp_path, {"greeting.people": ("1 person", "{count} people")})
    _run(tmp_path, "sync")
    text = _welsh_path(tmp_path).read_text(encoding="utf-8")
    cut = "\n".join(line for line in text.splitlines() if not line.startswith("msgstr[5]"))
    _welsh_path(tmp_path).write_text(cut + "\n", encoding="utf-8")
    assert _run(tmp_path, "check") == 1
    assert "greeting.people: has 5 plural forms; Welsh counts 6" in capsys.readouterr().out


# unused --------------------------------------------------------------------------------------


def test_unused_lists_the_english_keys_no_code_names(locales, capsys):
    code = locales / "code"
    (code / "bot").mkdir(parents=True)
    (code / "bot" / "words.py").write_text(
        'from bot.i18n import t\n\n\ndef hello() -> str:\n    return t("greeting.hello")\n',
        encoding="utf-8",
    )
    for package in ("handlers", "storage"):
        (code / package).mkdir()
    assert main(["--locales", str(locales), "unused", "--root", str(code)]) == 0
    assert capsys.readouterr().out.split() == ["greeting.bye"]
