"""Every word a person reads, in the language in force, looked up by key.

The words live in gettext catalogues, one per feature and language:
`bot/i18n/locales/<language>/LC_MESSAGES/<feature>.po` ("monolingual" gettext: the msgid is a
key such as `directory.search.none`, the English catalogue holds the English words, the Welsh one
the Welsh). Translators' tools open them as they are; `scripts/i18n_catalogues.py` keeps the
Welsh catalogues in step with the English ones.

The language in force travels with the work, never as a parameter: the Slack edge sets it for
each request (the person's choice) and for each message it sends (the recipient's), with
`use_language`, and `t`, `plural`, `long_date` and `join` read it. Plurals follow CLDR through
Babel (Welsh has six forms: zero, one, two, few, many, other), and so do dates and lists.

Keys are literal strings at the call (`t("directory.search.none", place=...)`), or marked with
`N_("...")` where a table maps a value to its key, so that a tool can extract every key the code
uses and a test can hold the catalogues to exactly those.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from string import Formatter
from threading import Lock
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.pofile import read_po

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from datetime import date

ENGLISH = "en"
WELSH = "cy"
LANGUAGES = (ENGLISH, WELSH)
DEFAULT_LANGUAGE = ENGLISH
# Babel's (CLDR's) locale for each language: British English dates and lists
BABEL_LOCALES = {ENGLISH: "en_GB", WELSH: "cy"}
# CLDR's plural categories, in the order gettext numbers a language's forms
CLDR_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")

LOCALES_DIR = Path(__file__).with_name("locales")


class LanguageLater:
    """A language read only when the first word is looked up: the edge sets one for each
    request, so that answering Slack (an empty acknowledgement, which says nothing) never waits
    for the read. `read` runs at most once, whichever thread asks first."""

    def __init__(self, read: Callable[[], str]) -> None:
        self._read: Callable[[], str] | None = read
        self._language = DEFAULT_LANGUAGE
        self._lock = Lock()

    def get(self) -> str:
        if self._read is None:
            return self._language
        with self._lock:
            if self._read is not None:
                read, self._read = self._read, None
                found = read()
                self._language = found if found in LANGUAGES else DEFAULT_LANGUAGE
        return self._language

    @property
    def read(self) -> bool:
        """Whether the language has been read (a word was looked up)."""
        return self._read is None


_language: ContextVar[str | LanguageLater] = ContextVar("language", default=DEFAULT_LANGUAGE)


def current_language() -> str:
    value = _language.get()
    return value if isinstance(value, str) else value.get()


@contextmanager
def use_language(language: str | LanguageLater) -> Iterator[str | LanguageLater]:
    """Words looked up inside the block are in `language` (an unknown one means English), or in
    the one a `LanguageLater` reads when the first is."""
    chosen = language
    if isinstance(language, str) and language not in LANGUAGES:
        chosen = DEFAULT_LANGUAGE
    token = _language.set(chosen)
    try:
        yield chosen
    finally:
        _language.reset(token)


def N_(key: str) -> str:  # noqa: N802 - gettext's own name for "mark, don't translate yet"
    """Marks a key for extraction where it is stored in a table and looked up later."""
    return key


class Catalogue:
    """One language's words: each key's text, or its plural forms in gettext's order."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.texts: dict[str, str] = {}
        self.plurals: dict[str, tuple[str, ...]] = {}
        self.needs_review: set[str] = set()
        self.files: dict[str, Path] = {}
        self.plural_forms = ""
        locale = Locale.parse(BABEL_LOCALES[language])
        self._rule = locale.plural_form
        self._categories = tuple(
            c for c in CLDR_PLURAL_ORDER if c == "other" or c in locale.plural_form.rules
        )
        for path in sorted((LOCALES_DIR / language / "LC_MESSAGES").glob("*.po")):
            self._read(path)

    def _read(self, path: Path) -> None:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=BABEL_LOCALES[self.language])
        self.plural_forms = catalog.plural_forms
        for message in catalog:
            if not message.id:
                continue  # the header
            key = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
            if key in self.files:
                raise RuntimeError(f"message key {key!r} defined twice: {path.name}")
            self.files[key] = path
            if message.fuzzy:
                self.needs_review.add(key)
            if isinstance(message.string, tuple | list):
                forms = tuple(str(form or "") for form in message.string)
                if all(forms):
                    self.plurals[key] = forms
            elif message.string or self.language == DEFAULT_LANGUAGE:
                self.texts[key] = str(message.string or "")  # English may be empty on purpose

    def plural_index(self, count: int) -> int:
        """Which of the language's gettext forms a count takes, by CLDR's rule."""
        return self._categories.index(self._rule(abs(count)))


@cache
def catalogue(language: str) -> Catalogue:
    return Catalogue(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def keys(language: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """Every key the language's catalogues define (translated or not)."""
    return frozenset(catalogue(language).files)


def text_placeholders(text: str) -> frozenset[str]:
    """The `{name}`s a text fills in."""
    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)


def placeholders(key: str, language: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """The `{name}`s a key's text fills in (every form of a plural together)."""
    chosen = catalogue(language)
    forms = chosen.plurals.get(key) or (chosen.texts[key],)
    return frozenset().union(*(text_placeholders(form) for form in forms))


def t(key: str, /, **params: Any) -> str:
    """The text for `key` in the language in force, English where it has no translation yet.
    Unknown keys raise KeyError: a missing word is a bug, not a blank."""
    language = current_language()
    text = catalogue(language).texts.get(key) if language != DEFAULT_LANGUAGE else None
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).texts[key]
    return text.format(**params) if params else text


def plural(key: str, count: int, /, **params: Any) -> str:
    """The form of a count-bearing phrase that `count` takes in the language in force (CLDR:
    English has two forms, Welsh six), with `{count}` filled in."""
    chosen = catalogue(current_language())
    forms = chosen.plurals.get(key)
    if forms is None:
        chosen = catalogue(DEFAULT_LANGUAGE)
        forms = chosen.plurals[key]
    return forms[chosen.plural_index(count)].format(count=count, **params)


def slack_speaks_it() -> bool:
    """Whether Slack itself speaks the language in force. Slack writes its `<!date^…>` tokens
    in the reader's Slack language, which is never Welsh: in Welsh, dates are written out in
    words (Babel's CLDR names) instead, in the zone the fallback would use."""
    return current_language() == ENGLISH


def long_date(day: date, *, short: bool = False) -> str:
    """A day in words, as the language writes it (CLDR's names through Babel): "Monday 7
    December 2026", "Dydd Llun 7 Rhagfyr 2026"; `short`: "Mon 7 Dec 2026", "Llun 7 Rhag 2026"."""
    pattern = "EEE d MMM y" if short else "EEEE d MMMM y"
    return format_date(day, pattern, locale=BABEL_LOCALES[current_language()])


def join(items: Iterable[str]) -> str:
    """Items as a list in words: "A, B and C"; in Welsh "A, B a C" (or "ac" before a vowel)."""
    listed = [item for item in items if item]
    if not listed:
        return ""
    language = current_language()
    text = format_list(listed, locale=BABEL_LOCALES[language])
    if language == WELSH and len(listed) > 1:
        last = listed[-1]
        joiner = "ac" if last[:1].lower() in "aeiouwyâêîôûŵŷ" else "a"
        text = text.replace(f" a(c) {last}", f" {joiner} {last}")
    return text
