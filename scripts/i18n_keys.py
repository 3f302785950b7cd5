"""The catalogue keys the code names, as Babel's extractor finds them: the first argument of
`t(...)`, `plural(...)` and `N_(...)` in bot/, handlers/ and storage/. Used by
`scripts/i18n_catalogues.py unused` and by the test that holds the catalogues to the code."""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING

from babel.messages.extract import extract_from_dir

if TYPE_CHECKING:
    from pathlib import Path

PACKAGES = ("bot", "handlers", "storage")  # where the code's keys are
KEYWORDS = {"t": None, "plural": None, "N_": None}  # the calls that name a key


def key_locations(root: Path) -> dict[str, list[str]]:
    """Each key the code names, with where ("bot/oauth.py:71"). Babel's warnings about
    f-strings passed as parameters (not keys) are left unsaid."""
    found: dict[str, list[str]] = {}
    with contextlib.redirect_stderr(io.StringIO()):
        for package in PACKAGES:
            if not (root / package).is_dir():
                continue
            for filename, lineno, message, _comments, _context in extract_from_dir(
                root / package,
                method_map=[("**.py", "python")],
                keywords=KEYWORDS,
                comment_tags=(),
                strip_comment_tags=True,
            ):
                key = message[0] if isinstance(message, tuple) else message
                if key:
                    found.setdefault(key, []).append(f"{package}/{filename}:{lineno}")
    return found


def used_keys(root: Path) -> set[str]:
    return set(key_locations(root))
