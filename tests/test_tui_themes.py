"""Colours come from the theme: no colour is written into the TUI's code, every theme of the game gives every
colour the game uses, any other theme gets them derived from its own colours, and switching the theme while
a screen shows recolours all of it (nothing keeps the old theme's colours)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_saves_support import play
from test_tui_support import SEED, SIZE, content, settle  # noqa: F401 (fixture)

import game.tui
from game.saves import GameRecord
from game.tui.app import WargameApp
from game.tui.themes import GAME_VARIABLES, THEMES, variable_defaults

TUI = Path(game.tui.__file__).parent
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
# a colour by name in a style string ("bold red", "on white"), as Rich would read it
NAMED = re.compile(r"""["'](?:[a-z ]+ )?(?:on )?(?:red|green|yellow|blue|magenta|cyan|white|black)\b[^"']*["']""")


def test_no_colour_is_written_into_the_tui_code():
    found = []
    for path in sorted(TUI.rglob("*")):
        if path.suffix not in (".py", ".tcss") or path.name == "themes.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HEX.search(line) or NAMED.search(line):
                found.append(f"{path.relative_to(TUI)}:{n}: {line.strip()}")
    assert not found, "colours belong in themes.py (as theme variables):\n" + "\n".join(found)


def test_every_variable_the_styles_use_is_given_by_every_theme():
    used = set()
    for path in TUI.rglob("*.tcss"):
        used |= set(re.findall(r"\$([a-z][a-z0-9-]*)", path.read_text(encoding="utf-8")))
    textual = set(THEMES[0].to_color_system().generate())
    assert used - textual <= GAME_VARIABLES, f"variables no theme defines: {sorted(used - textual - GAME_VARIABLES)}"
    for theme in THEMES:
        assert GAME_VARIABLES <= theme.variables.keys(), theme.name


async def test_textuals_own_themes_get_the_game_colours_from_their_own(content, tmp_path):
    from textual.theme import BUILTIN_THEMES

    for theme in BUILTIN_THEMES.values():
        assert variable_defaults(theme).keys() == GAME_VARIABLES, theme.name
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for name in ("textual-light", "ansi-dark", "nord"):  # the turn screen draws in their colours
            app.theme = name
            await settle(pilot)
            assert app.theme_variables["map-land"] == variable_defaults(BUILTIN_THEMES[name])["map-land"]
            assert "Libya" in app.export_screenshot()


def colours(app) -> set[str]:
    return set(HEX.findall(app.export_screenshot().lower()))


async def end_of_turn(pilot):
    """Play the turn screen to the first end-of-turn summary (tones, the banner, the log all in use)."""
    app = pilot.app
    while not app.screen.showing_summary:
        offered = [o for o in app.screen.offered_options() if o.available]
        await pilot.press(str(offered[0].number) if offered else "enter")
        if app.screen_name == "ConfirmDialog":
            await pilot.press("y")
        await settle(pilot, quick=True)


async def third_turn(pilot):
    await pilot.press("right", "right")


SCENES = {  # a screen that draws in Python, and how to reach the state to look at
    "turn": (lambda content: {"record": GameRecord.start(content, SEED)}, None),
    "summary": (lambda content: {"record": GameRecord.start(content, SEED)}, end_of_turn),
    "end": (lambda content: {"record": play(content, seed=SEED, policy="historical", player=None)}, None),
    "replay": (lambda content: {"replay": play(content, seed=SEED, policy="historical", player=None)}, third_turn),
}


def theme_colours(theme) -> set[str]:
    """Every plain colour a theme gives: Textual's, derived from it, and the game's variables."""
    values = [*theme.to_color_system().generate().values(), *theme.variables.values()]
    return {v.lower() for v in values if HEX.fullmatch(v)}


@pytest.mark.parametrize("scene", SCENES)
async def test_switching_the_theme_recolours_everything(scene, content, tmp_path):
    make, reach = SCENES[scene]
    dark, light = THEMES  # kremlin, desert
    assert dark.dark and not light.dark
    dark_only, light_only = theme_colours(dark) - theme_colours(light), theme_colours(light) - theme_colours(dark)
    app = WargameApp(saves_dir=tmp_path, **make(content))
    app.theme = dark.name
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if reach is not None:
            await reach(pilot)
            await settle(pilot)
        assert colours(app) & dark_only  # the screen shows the theme's own colours
        app.theme = light.name
        await settle(pilot)
        shown = colours(app)
    assert not shown & dark_only, f"{scene}: still in {dark.name}'s colours: {sorted(shown & dark_only)}"
    assert shown & light_only
