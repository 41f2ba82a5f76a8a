"""A plain (non-editable) install ships content/ and seeds/ inside the package and finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (whl,) = out.glob("*.whl")
    return whl


def test_wheel_carries_content_and_seeds(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/_data/content/scenarios/tripoli-2019.yaml" in names
    assert "game/_data/content/scenarios/partnership-2016.yaml" in names
    assert any(n.startswith("game/_data/seeds/") and n.endswith(".yaml") for n in names)
    assert "game/authoring/starter-deck.yaml.tmpl" in names  # `wargame new-deck`'s template
    assert "game/authoring/starter-class.yaml.tmpl" in names  # `wargame new-class`'s
    assert "game/_data/content/classes/tripoli-seminar.yaml" in names  # the example class pack
    assert {"game/web/templates/app_index.html", "game/web/static/page.js"} <= set(names)  # `wargame serve`'s page
    assert not any("__pycache__" in n for n in names)


def test_installed_wheel_finds_its_data_from_anywhere(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import game, game.paths as p; from game.content import resolve;"
        "r = resolve('tripoli-2019'); print(game.__file__); print(p.scenarios_dir()); print(len(r.scenario.cards))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    module_file, scenarios, cards = out.stdout.split()
    assert Path(module_file).is_relative_to(site)
    assert Path(scenarios).is_relative_to(site)
    assert int(cards) >= 40


def test_installed_wheel_writes_a_starter_deck_that_validates(wheel, tmp_path):
    """`wargame new-deck` reads its template from the installed package, and the deck validates there."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True)
    env = {**os.environ, "PYTHONPATH": str(site)}
    for argv in (["new-deck", "deck.yaml"], ["validate", "--strict", "deck.yaml"]):
        out = subprocess.run([sys.executable, "-m", "game.cli", *argv], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
    assert (tmp_path / "deck.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
