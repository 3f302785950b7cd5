"""Installs are reproducible: constraints.txt pins, with ==, every package pyproject.toml names
(the app's dependencies and every extra's), each at a version within pyproject's range. The
README's and CI's installs take their versions from it (`pip install -c constraints.txt ...`);
scripts/update_constraints.sh regenerates it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONSTRAINTS = ROOT / "constraints.txt"


def requirements() -> list[tuple[str, Requirement]]:
    """(where, requirement) for every dependency pyproject.toml names."""
    project = PYPROJECT["project"]
    named = [("dependencies", Requirement(line)) for line in project["dependencies"]]
    for extra, lines in project["optional-dependencies"].items():
        named += [(f"[{extra}]", Requirement(line)) for line in lines]
    return named


def pins(text: str | None = None) -> dict[str, Version]:
    """constraints.txt's packages and versions; every line a `name==version`."""
    if text is None:
        text = CONSTRAINTS.read_text(encoding="utf-8")
    pinned: dict[str, Version] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1, f"line {number}: {raw!r} is not one exact version"
        assert specifiers[0].operator == "==", f"line {number}: {raw!r} is not pinned with =="
        assert not requirement.marker, f"line {number}: {raw!r} holds only on some platforms"
        name = canonicalize_name(requirement.name)
        assert name not in pinned, f"line {number}: {requirement.name} is pinned twice"
        pinned[name] = Version(specifiers[0].version)
    return pinned


REQUIREMENTS = requirements()


def test_the_constraints_file_pins_every_package_exactly_once():
    assert len(pins()) >= len({canonicalize_name(r.name) for _, r in REQUIREMENTS})


@pytest.mark.parametrize(
    ("where", "requirement"), REQUIREMENTS, ids=[f"{w}:{r.name}" for w, r in REQUIREMENTS]
)
def test_every_dependency_is_pinned_within_its_range(where: str, requirement: Requirement):
    pinned = pins()
    name = canonicalize_name(requirement.name)
    assert name in pinned, (
        f"{requirement.name} ({where} in pyproject.toml) is not pinned in constraints.txt: "
        "run scripts/update_constraints.sh"
    )
    assert requirement.specifier.contains(pinned[name], prereleases=True), (
        f"constraints.txt pins {requirement.name}=={pinned[name]}, outside pyproject.toml's "
        f"{requirement.specifier} ({where}): change one or the other, and run the tests"
    )


def test_every_dependency_has_an_upper_bound():
    """A fresh install without the constraints cannot jump to a new major version."""
    unbounded = [
        f"{where}:{requirement}"
        for where, requirement in REQUIREMENTS
        if not any(spec.operator in {"<", "<=", "==", "~="} for spec in requirement.specifier)
    ]
    assert unbounded == []


def test_the_extras_packages_install_pulls_in_are_pinned_too():
    """The `asyncio` extra of SQLAlchemy brings greenlet, psycopg's `binary` brings its wheel."""
    pinned = pins()
    assert {"greenlet", "psycopg-binary"} <= set(pinned)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("slack-bolt>=1.21\n", "not pinned with =="),
        ("gunicorn==27.0.1\nGunicorn==27.0.1\n", "pinned twice"),
        ("pulp==3.3.2; sys_platform == 'linux'\n", "only on some platforms"),
        ("pytest==9.2.0,!=9.1\n", "not one exact version"),
    ],
)
def test_the_reader_refuses_a_file_that_pins_loosely(text: str, complaint: str):
    with pytest.raises(AssertionError, match=complaint):
        pins(text)
