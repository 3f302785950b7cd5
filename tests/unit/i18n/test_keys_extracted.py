"""Catalogue keys are literal strings a tool can extract: Babel's own extractor, looking for
`t(...)`, `plural(...)` and `N_(...)` in the app's code, finds exactly the keys the catalogues
define, and no call builds its key from pieces."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.i18n import keys
from scripts.i18n_keys import KEYWORDS, PACKAGES, key_locations

ROOT = Path(__file__).resolve().parents[3]


def _extracted() -> dict[str, list[str]]:
    return key_locations(ROOT)


def test_every_key_the_code_uses_is_in_the_english_catalogue():
    missing = {key: where for key, where in _extracted().items() if key not in keys("en")}
    assert missing == {}


def test_every_key_in_the_catalogue_is_used_by_the_code():
    unused = keys("en") - _extracted().keys()
    assert sorted(unused) == []


def _hidden_calls(tree: ast.AST) -> set[int]:
    """Lines of lookups written inside an f-string, which extraction tools do not read."""
    return {
        inner.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Name)
        and inner.func.id in KEYWORDS
    }


def _built_keys(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.relative_to(ROOT)}:{line} (inside an f-string)" for line in _hidden_calls(tree)
    ]
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in KEYWORDS or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.JoinedStr | ast.BinOp | ast.IfExp):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_call_builds_its_key_from_pieces_or_hides_in_an_f_string():
    built = [
        where
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for where in _built_keys(path)
    ]
    assert built == []
