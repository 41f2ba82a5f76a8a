"""Helpers and fixtures for the content loader's tests (game.content); no tests here.

`content_env` points the data folders (scenarios, decks, class packs, seeds, user decks) at a temporary tree
holding the small fixtures of tests/data/content, so the tests never depend on the shipped content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from factories import scenario_dict

DATA = Path(__file__).parent / "data" / "content"


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle` in `text`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, col


def dump(d: dict) -> str:
    """A scenario or deck dict as YAML (yaml.safe_dump is fine in tests; the loader never uses it)."""
    return yaml.safe_dump(d, sort_keys=False, allow_unicode=True)


def factory_yaml(**overrides) -> str:
    return dump(scenario_dict(**overrides))


class Env:
    def __init__(self, root: Path):
        self.root = root
        self.scenarios = root / "content" / "scenarios"
        self.decks = root / "content" / "decks"
        self.seeds = root / "seeds"
        self.user = root / "user-decks"
        self.classes = root / "content" / "classes"
        for folder in (self.scenarios, self.decks, self.seeds, self.user, self.classes):
            folder.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def content_env(tmp_path, monkeypatch) -> Env:
    """Data folders in tmp_path, holding the mini scenario, its deck and its fact base."""
    from game import paths
    from game.content import clear_caches

    env = Env(tmp_path)
    shutil.copy(DATA / "scenarios" / "mini.yaml", env.scenarios / "mini.yaml")
    shutil.copy(DATA / "decks" / "mini-extra.yaml", env.decks / "mini-extra.yaml")
    shutil.copy(DATA / "seeds" / "mini-facts.yaml", env.seeds / "mini-facts.yaml")
    monkeypatch.setattr(paths, "scenarios_dir", lambda: env.scenarios)
    monkeypatch.setattr(paths, "decks_dir", lambda: env.decks)
    monkeypatch.setattr(paths, "seeds_dir", lambda: env.seeds)
    monkeypatch.setattr(paths, "user_decks_dir", lambda: env.user)
    monkeypatch.setattr(paths, "classes_dir", lambda: env.classes)
    clear_caches()
    yield env
    clear_caches()


def mini_text() -> str:
    return (DATA / "scenarios" / "mini.yaml").read_text(encoding="utf-8")


def problems_of(exc_info) -> list:
    return exc_info.value.problems


def only(problems, severity: str = "error"):
    """The single problem of that severity (fails with the whole list otherwise)."""
    found = [p for p in problems if p.severity == severity]
    assert len(found) == 1, "\n".join(str(p) for p in problems)
    return found[0]
