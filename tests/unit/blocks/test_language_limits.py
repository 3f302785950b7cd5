"""Slack's Block Kit limits hold in English, in Welsh and, for what can go to a channel or a
group DM, in both languages at once, with the longest inputs the app allows.

Every Block Kit builder of the app (each public function of handlers/*/blocks, handlers/home and
handlers/ui that returns a message, a view or blocks) is found by importing those modules; a
builder no case calls fails `test_every_builder_has_a_case`, so a new builder needs a case in
limits_cases.py (or a reason in NOT_CASES). Each result is checked with the loopback Slack's own
checks, with slack_sdk's models and slot by slot (modal title 24, button 75, option 75, ...).

The catalogue words used as labels are checked on their own too: the cases are rendered once
with each catalogue text replaced by a token, which shows which keys land in which label, and
each such key's words, Welsh and English, must fit that label with room for what is filled in."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import sys
from pathlib import Path
from string import Formatter
from types import CodeType, FrameType
from typing import Any

import pytest

from bot.i18n import ENGLISH, WELSH, catalogue, use_language
from handlers.ui.bilingual import render_in
from tests.unit.blocks import limits_cases, limits_cases_more
from tests.unit.blocks.limits_cases import Case
from tests.unit.blocks.limits_checks import label_slots, problems

ROOT = Path(__file__).resolve().parents[3]
BUILDER_RESULTS = {"dict[str, Any]", "Block", "list[Block]", "list[dict[str, Any]]"}
# Public functions returning Block Kit that are not builders of their own, each with why.
NOT_CASES = {
    "handlers.ui.common": "Block Kit primitives (section, button, modal...) every builder uses",
    "handlers.ui.bilingual": "merges two builders' results (its own tests: test_bilingual.py)",
    "handlers.ui.bilingual_parts": "the pieces of the bilingual merge",
    "handlers.feedback.blocks.values.form_metadata": "private_metadata, not Block Kit",
    "handlers.ui.profile.profile_form": "loads a profile, then calls profile_view (a case)",
}


def builder_modules() -> list[str]:
    paths = [
        *ROOT.glob("handlers/*/blocks/*.py"),
        *ROOT.glob("handlers/home/*.py"),
        *ROOT.glob("handlers/ui/*.py"),
    ]
    names = (str(p.relative_to(ROOT).with_suffix("")).replace("/", ".") for p in paths)
    return sorted(name for name in names if not name.endswith("__init__"))


def builders() -> dict[str, CodeType]:
    """Each Block Kit builder's qualified name, with its code."""
    found: dict[str, CodeType] = {}
    for module_name in builder_modules():
        module = importlib.import_module(module_name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module_name:
                continue
            qualified = f"{module_name}.{name}"
            if module_name in NOT_CASES or qualified in NOT_CASES:
                continue
            if inspect.signature(function).return_annotation in BUILDER_RESULTS:
                found[qualified] = function.__code__
    return found


def cases() -> list[Case]:
    from tests.unit.blocks import test_builders, test_event_builders

    return [
        *limits_cases.generator_cases("directory messages", test_builders.messages),
        *limits_cases.generator_cases("directory views", test_builders.views),
        *limits_cases.generator_cases("event messages", test_event_builders.messages),
        *limits_cases.generator_cases("event views", test_event_builders.views),
        *limits_cases.event_cases_here(),
        *limits_cases.directory_cases_here(),
        *limits_cases_more.feedback(),
        *limits_cases_more.mentoring(),
        *limits_cases_more.home(),
    ]


CASES = {case.name: case for case in cases()}
CHANNEL_CASES = sorted(name for name, case in CASES.items() if case.channel)


def called_while(build: Any) -> set[CodeType]:
    called: set[CodeType] = set()

    def note(frame: FrameType, event: str, _: Any) -> None:
        if event == "call":
            called.add(frame.f_code)

    before = sys.getprofile()
    sys.setprofile(note)
    try:
        build()
    finally:
        sys.setprofile(before)
    return called


# Every builder, every language -----------------------------------------------------------------


def test_every_builder_has_a_case() -> None:
    limits_cases.forget_generated()  # so that every builder runs here, not from a cache
    called: set[CodeType] = set()
    for case in CASES.values():
        called |= called_while(case.build)
    missing = sorted(name for name, code in builders().items() if code not in called)
    assert missing == [], f"builders with no case in limits_cases.py: {missing}"


@pytest.mark.parametrize("language", [ENGLISH, WELSH])
@pytest.mark.parametrize("name", sorted(CASES))
def test_fits_slack(name: str, language: str) -> None:
    case = CASES[name]
    with use_language(language):
        payload = case.build()
    assert problems(payload, home=case.home) == []


@pytest.mark.parametrize("name", CHANNEL_CASES)
def test_fits_slack_in_both_languages(name: str) -> None:
    both = render_in("bilingual", CASES[name].build)
    assert problems(both) == []


# The catalogue's labels --------------------------------------------------------------------------

TOKEN = re.compile(r"§(\d+)§")


def _fields(text: str) -> str:
    """A text's `{name}`s alone, as they were written."""
    parts = []
    for _, field, spec, conversion in Formatter().parse(text):
        if field is not None:
            parts.append(
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return "".join(parts)


def words(text: str) -> str:
    """A text without its `{name}`s: the words a translator wrote."""
    return "".join(literal for literal, _, _, _ in Formatter().parse(text))


Label = tuple[str, int, int, tuple[str, ...]]


def find_labels() -> set[Label]:
    """Each label showing catalogue words: what label, its limit, the length of what the
    builder filled in around the words (-1: clipped even with tokens), and the keys shown."""
    english, welsh = catalogue(ENGLISH), catalogue(WELSH)
    every = sorted(english.files)
    number = {key: index for index, key in enumerate(every)}
    saved = (english.texts, english.plurals, welsh.texts, welsh.plurals)
    tokens = {key: f"§{number[key]}§" + _fields(text) for key, text in english.texts.items()}
    plural_tokens = {
        key: tuple(f"§{number[key]}§" + _fields(form) for form in forms)
        for key, forms in english.plurals.items()
    }
    found: set[Label] = set()
    try:
        english.texts, welsh.texts = tokens, tokens
        english.plurals = plural_tokens
        welsh.plurals = {key: (forms[0],) * 6 for key, forms in plural_tokens.items()}
        for case in CASES.values():
            with use_language(WELSH):
                payload = case.build()
            for slot, limit, text in label_slots(payload):
                shown = TOKEN.findall(text)
                if not shown:
                    continue
                around = -1 if text.endswith("…") else len(TOKEN.sub("", text))
                found.add((slot, limit, around, tuple(every[int(index)] for index in shown)))
    finally:
        english.texts, english.plurals, welsh.texts, welsh.plurals = saved
    return found


@pytest.fixture(scope="module")
def labels() -> set[Label]:
    return find_labels()


def label_texts(key: str, language: str) -> list[str]:
    chosen = catalogue(language)
    if key in chosen.plurals:
        return list(chosen.plurals[key])
    text = chosen.texts.get(key)
    return [text] if text is not None else []


def test_labels_were_found(labels: set[Label]) -> None:
    slots = {slot for slot, _, _, _ in labels}
    assert {"modal title", "modal submit", "button", "option text", "header"} <= slots


@pytest.mark.parametrize("language", [ENGLISH, WELSH])
def test_every_label_fits_in_its_words(labels: set[Label], language: str) -> None:
    """A label's words fit with what the builder fills in, as the cases fill it in; a label
    whose filling is so long that the builder clips it anyway must at least fit its words."""
    fill: dict[tuple[str, int, tuple[str, ...]], int | None] = {}
    for slot, limit, around, shown in labels:  # the shortest filling the cases gave each label
        known = [n for n in (fill.get((slot, limit, shown)), around) if n is not None and n >= 0]
        fill[slot, limit, shown] = min(known, default=None)
    too_long = set()
    for (slot, limit, shown), filled in fill.items():
        each = [max(map(len, map(words, label_texts(key, language))), default=0) for key in shown]
        length = sum(each) + (filled or 0)
        if length > limit:
            texts = [label_texts(key, language) for key in shown]
            too_long.add(f"{slot} ({limit}): {length}: {shown} {texts}")
    assert sorted(too_long) == []


# Label calls as the builders write them: the key inside button(t("...")), modal(..., t("..."),
# submit=t("...")) and so on; each must be among the labels the cases showed.
LABEL_ARGUMENTS: dict[str, tuple[int, ...]] = {
    "button": (0,),
    "modal": (1,),
    "option": (0,),
    "header": (0,),
    "plain": (0,),
    "confirm_dialog": (0, 1, 2, 3),
}
LABEL_KEYWORDS = {"submit", "close", "placeholder", "title"}


def written_label_keys() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for module in builder_modules():
        path = ROOT / (module.replace(".", "/") + ".py")
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            places = [
                call.args[i] for i in LABEL_ARGUMENTS.get(str(name), ()) if i < len(call.args)
            ]
            places += [keyword.value for keyword in call.keywords if keyword.arg in LABEL_KEYWORDS]
            for place in places:
                for inner in ast.walk(place):
                    if (
                        isinstance(inner, ast.Call)
                        and getattr(inner.func, "id", None) in {"t", "plural"}
                        and inner.args
                        and isinstance(inner.args[0], ast.Constant)
                    ):
                        found.add((module, str(inner.args[0].value)))
    return found


def test_every_label_the_builders_write_is_checked(labels: set[Label]) -> None:
    shown = {key for _, _, _, keys in labels for key in keys}
    assert sorted(written for written in written_label_keys() if written[1] not in shown) == []
