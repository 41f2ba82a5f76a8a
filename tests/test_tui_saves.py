"""Saves in the app: save, quit, load and continue give the very same game; damaged files are listed
and refused with a message; quitting with unsaved turns asks first."""

from __future__ import annotations

from test_tui_support import SEED, SIZE, content, screen_text, settle  # noqa: F401 (fixture)

from game.saves import GameRecord, list_saves
from game.tui import backend
from game.tui.app import WargameApp


async def play_some(pilot, decisions: int) -> None:
    app = pilot.app
    for _ in range(decisions):
        offered = app.screen.offered_options()
        if offered:
            option = next(o for o in offered if o.available)
            await pilot.press(str(option.number))
            if app.screen_name == "ConfirmDialog":
                await pilot.press("y")
        else:
            await pilot.press("enter")
        await settle(pilot)


async def test_save_quit_load_and_continue_give_the_same_state(content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await play_some(pilot, 7)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen_name == "PromptDialog"
        await pilot.press("ctrl+a", "ctrl+k", *"my-game", "enter")  # replace the proposed name
        await settle(pilot)
        saved_hash, saved_log = app.record.state_hash, list(app.record.log)
        assert (tmp_path / "my-game.json").is_file()
        await play_some(pilot, 3)  # more play after the named save: Continue must pick these up too
        latest_hash = app.record.state_hash
        await pilot.press("ctrl+q")
        await settle(pilot)
        if app.screen_name == "QuitDialog":  # a turn ended since the named save
            await pilot.press("q")
            await settle(pilot)
    assert app.return_code == 0

    # Continue: the latest autosave, exactly where the game was left
    app = WargameApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#menu-continue").disabled
        await pilot.press("c")
        await settle(pilot)
        assert app.screen_name == "TurnScreen"
        assert app.record.state_hash == latest_hash

    # Load: the named save, from the list
    app = WargameApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert app.screen_name == "LoadScreen"
        infos = app.screen.listed_saves
        row = next(i for i, info in enumerate(infos) if info.path.name == "my-game.json")
        for _ in range(row):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "TurnScreen"
        assert app.record.state_hash == saved_hash and list(app.record.log) == saved_log


async def test_damaged_saves_are_marked_and_refused_with_a_message(content, tmp_path):
    (tmp_path / "truncated.json").write_text('{"format": "kremlins-libya-gambit-save", "ver', encoding="utf-8")
    (tmp_path / "foreign.json").write_text('{"hello": "world"}', encoding="utf-8")
    good = GameRecord.start(content, SEED)
    from game.saves import save_game

    save_game(good, tmp_path, name="good")
    app = WargameApp(saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        infos = app.screen.listed_saves
        assert len(infos) == 3 and sum(i.damaged for i in infos) == 2
        damaged = next(i for i, info in enumerate(infos) if info.damaged)
        for _ in range(damaged):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen_name == "ErrorScreen"  # a message, not a crash, and the file is left alone
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen_name == "LoadScreen"
    assert len(list_saves(tmp_path)) == 3


async def test_quitting_with_unsaved_turns_asks_to_save(content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        while app.record.unsaved_turns == 0:
            await play_some(pilot, 1)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.screen_name == "QuitDialog"
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen_name == "TurnScreen" and app.return_code is None
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("s")  # save and quit
        await settle(pilot)
    assert app.return_code == 0
    named = [i for i in list_saves(tmp_path) if not i.autosave]
    assert len(named) == 1 and not named[0].damaged


async def test_the_list_names_each_save_by_its_game_named_saves_first_one_entry_per_game(content, tmp_path):
    from game.saves import autosave, save_game
    from game.saves.store import when_saved

    first = GameRecord.start(content, SEED)
    autosave(first, tmp_path)
    first.apply(first.legal_decisions()[0])
    autosave(first, tmp_path)  # two autosaves of one game: one entry, the latest
    save_game(first, tmp_path, name="before-the-vote")
    student = GameRecord.start(content, SEED + 1, player="Ada Lovelace")
    autosave(student, tmp_path)
    bot = GameRecord.start(content, SEED + 2, player="bot:random")
    autosave(bot, tmp_path)
    app = WargameApp(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        infos = app.screen.listed_saves
        shown = screen_text(app)
    assert [i.autosave for i in infos] == [False, True, True, True]  # named first, then one per game
    assert [i.game_id for i in infos[1:]].count(first.game_id) == 1
    short = content.scenario.title.split(":")[0]
    mine = infos[0]
    assert mine.name == "before-the-vote"
    assert mine.title == f"{short} — turn {first.turn} — {when_saved(mine.saved_at)}"
    titles = {i.game_id: i.title for i in infos}
    assert titles[student.game_id].startswith(f"Ada Lovelace — {short} — turn 1 — ")
    assert titles[bot.game_id].startswith(f"random bot — {short}")
    for info in infos:
        assert info.title[:30] in shown  # titles, not file names, are what the list shows
    assert "autosave-" not in shown


async def test_the_suggested_name_is_the_turn_on_screen(content, tmp_path):
    app = WargameApp(saves_dir=tmp_path, record=GameRecord.start(content, SEED))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        scenario = app.record.rules.id
        assert app.default_save_name() == f"{scenario}-turn1"
        while not app.screen.showing_summary:
            await play_some(pilot, 1)
        assert app.record.turn == 2  # the next turn has begun under the summary of turn 1
        assert app.default_save_name() == f"{scenario}-end-of-turn1"
        await pilot.press("enter")
        await settle(pilot)
        assert app.default_save_name() == f"{scenario}-turn2"


async def test_a_note_goes_into_the_save_it_annotates(content, tmp_path):
    from game.saves import autosave

    record = GameRecord.start(content, SEED)
    while not record.turns:
        record.apply(record.legal_decisions()[0])
    path = autosave(record, tmp_path)
    app = WargameApp(saves_dir=tmp_path, replay=backend.load_game(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Why not abstain?", "enter")
        await settle(pilot)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no new file beside it
    notes = backend.load_game(path).annotations
    assert [n.text for n in notes[1]] == ["Why not abstain?"]


def test_the_debrief_is_titled_from_the_game_not_its_autosave(content, tmp_path):
    import io

    from rich.console import Console, Group

    from game.saves import autosave

    record = GameRecord.start(content, SEED)
    while not record.turns:
        record.apply(record.legal_decisions()[0])
    loaded = backend.load_game(autosave(record, tmp_path))
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(Group(*backend.debrief_renderables(loaded)))
    text = console.file.getvalue()
    assert "autosave" not in text and loaded.game_id not in text
    assert content.scenario.title.split(":")[0] in text
